//! One broken rule, as every validator in the core reports it.

/// How serious an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The request is not sent.
    Error,
    /// The request is sent; the caller may want to know.
    Warning,
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// The field path, e.g. `size`, `image[2]`, `azure.endpoint`.
    pub field: String,
    /// A stable machine-readable code, e.g. `invalid_value`.
    pub code: &'static str,
    /// A sentence naming the field and the rule.
    pub message: String,
    /// Error or warning.
    pub severity: Severity,
}

impl Issue {
    /// An error issue.
    pub fn error(field: String, code: &'static str, message: String) -> Issue {
        Issue {
            field,
            code,
            message,
            severity: Severity::Error,
        }
    }

    /// A warning issue.
    pub fn warning(field: String, code: &'static str, message: String) -> Issue {
        Issue {
            severity: Severity::Warning,
            ..Issue::error(field, code, message)
        }
    }
}

/// Whether any issue is an error.
pub fn has_errors(issues: &[Issue]) -> bool {
    issues.iter().any(|i| i.severity == Severity::Error)
}
