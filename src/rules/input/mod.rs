//! `input/*`: inputs that could not be read or are not JSON. Reported while reading and
//! parsing; they make the run exit 3, and the other inputs are still linted.

pub mod parse_error;
pub mod read_error;
