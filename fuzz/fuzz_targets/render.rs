//! Rendering: any plan file plankit finds plans in renders against a fixed call.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(document) = plankit::json::Document::parse(text) else { return };
    let call = plankit::Source::new("call.txt", "AI: Hello.\nUser: I want to book an appointment.\n");
    let Ok(call) = plankit::Transcript::parse(&call) else { return };
    for plan in plankit::plan::find_plans(document.value()) {
        let _ = plan.render(&call, &plankit::RenderOptions::default());
    }
});
