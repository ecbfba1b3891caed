//! `input/read-error`

use crate::rules::{Check, declare_rule};

declare_rule! {
    /// An input could not be read: a missing path, no permission, a folder where a file was expected, or a file too large to be a plan.
    ///
    /// ## What it checks
    /// Every path given to plankit is opened and read. A path that does not exist, cannot be
    /// read, names a folder where a file is expected, or is larger than 10 MB is reported here.
    ///
    /// ## Why it matters
    /// A CI job that lints the wrong path would otherwise pass without checking anything. The
    /// run exits with code 3 so the mistake cannot go unnoticed; the other inputs are still linted.
    ///
    /// ## Example
    /// ```console
    /// $ plankit lint plans/suport.json
    /// error[input/read-error]: no such file or folder
    ///  --> plans/suport.json
    /// ```
    ///
    /// ## How to fix
    /// Check the path. Plan files are small JSON documents; a file over 10 MB is almost
    /// certainly an export or a log, which `plankit validate` reads instead.
    pub static RULE = "input/read-error", Error, Check::Input;
}
