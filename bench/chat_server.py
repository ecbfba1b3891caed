#!/usr/bin/env python3
"""A deterministic OpenAI-compatible Chat Completions server on 127.0.0.1, for plankit eval's
benchmark and for recording the cassette of fixtures/eval.

    python3 bench/chat_server.py [--latency-ms 300] [--answers FILE]

Prints the port it listens on (an ephemeral one) as its first line, then serves
POST /v1/chat/completions until killed. Each request waits --latency-ms, then answers with
the first entry of --answers whose every `match` string occurs in the request body (the
answer's `content` is sent as the message content, JSON-encoded when it is not a string);
without a match, a fixed valid analysis. Usage counts are derived from the sizes.
"""
import argparse
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT = {"intent": "book", "sentiment": 8, "caller_name": None, "callback_requested": False,
           "topics": ["availability"], "appointment_date": None}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--answers")
    args = parser.parse_args()
    answers = json.load(open(args.answers)) if args.answers else []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
            time.sleep(args.latency_ms / 1000.0)
            content = next((a["content"] for a in answers if all(m in body for m in a["match"])), DEFAULT)
            if not isinstance(content, str):
                content = json.dumps(content)
            model = json.loads(body).get("model", "")
            reply = json.dumps({
                "id": "chatcmpl-local", "object": "chat.completion", "created": 0, "model": model,
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": content}}],
                "usage": {"prompt_tokens": len(body) // 4, "completion_tokens": len(content) // 4,
                          "total_tokens": len(body) // 4 + len(content) // 4},
            }).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.request_queue_size = 256
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
