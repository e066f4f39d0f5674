//! `validation: "strict" | "warn" | "off"`: what the caller wants done with the issues found.

use crate::core::issue::{Issue, Severity};

/// How issues are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ValidationMode {
    /// Errors block the request (the default).
    #[default]
    Strict,
    /// Errors are reported as warnings on the result; the request is sent.
    Warn,
    /// Nothing is checked beyond what is needed to build the request.
    Off,
}

impl ValidationMode {
    /// Parses the option value.
    pub fn parse(name: &str) -> Option<ValidationMode> {
        match name {
            "strict" => Some(ValidationMode::Strict),
            "warn" => Some(ValidationMode::Warn),
            "off" => Some(ValidationMode::Off),
            _ => None,
        }
    }

    /// The issues as this mode reports them.
    pub fn apply(self, issues: Vec<Issue>) -> Vec<Issue> {
        match self {
            ValidationMode::Strict => issues,
            ValidationMode::Warn => issues
                .into_iter()
                .map(|issue| Issue {
                    severity: Severity::Warning,
                    ..issue
                })
                .collect(),
            ValidationMode::Off => Vec::new(),
        }
    }
}
