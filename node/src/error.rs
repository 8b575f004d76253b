//! The node's errors: [`ApiError`] is what a client sees (an HTTP status and a JSON
//! body `{"error": MESSAGE, "field": FIELD?}`), [`NodeError`] is why the node could
//! not start or stopped.
//!
//! Invariant: every request that fails gets one of these, never a panic or a bare
//! text body: a malformed request names the JSON field at fault (`script.args[1]`),
//! an unknown account or note is a 404 naming it, a transaction the store refuses is
//! a 409/422 with the executor's reason, and only a failing store is a 500.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Why an API request failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A field of the request is missing, has the wrong type or does not fit.
    #[error("{field}: {reason}")]
    BadField {
        /// The JSON path of the field, e.g. `script.args[0]`.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The request body is not JSON (or not an object).
    #[error("request body: {0}")]
    BadBody(String),
    /// The request body is larger than the node accepts.
    #[error("request body larger than {0} bytes")]
    TooLarge(usize),
    /// The request body did not arrive within the deadline (seconds).
    #[error("request body not received within {0} s")]
    SlowBody(u64),
    /// The named thing does not exist.
    #[error("{what} `{key}` not found{hint}")]
    NotFound {
        /// `account`, `note`, `transaction`, `submission`.
        what: &'static str,
        /// What the client asked for.
        key: String,
        /// Extra advice (may be empty).
        hint: String,
    },
    /// A name or prefix matches several things.
    #[error("{what} `{key}` is ambiguous; give more digits")]
    Ambiguous {
        /// `account`, `note`, `transaction`.
        what: &'static str,
        /// What the client asked for.
        key: String,
    },
    /// The store or the runtime failed: not the client's fault.
    #[error("internal error: {0}")]
    Internal(String),
    /// The node is shutting down and accepts no new transactions.
    #[error("the node is shutting down")]
    ShuttingDown,
}

impl ApiError {
    /// A [`ApiError::BadField`].
    pub fn field(field: impl Into<String>, reason: impl Into<String>) -> ApiError {
        ApiError::BadField {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadField { .. } | ApiError::BadBody(_) | ApiError::Ambiguous { .. } => {
                StatusCode::BAD_REQUEST
            }
            ApiError::NotFound { .. } => StatusCode::NOT_FOUND,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::SlowBody(_) => StatusCode::REQUEST_TIMEOUT,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::ShuttingDown => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({"error": self.to_string()});
        if let ApiError::BadField { field, .. } = &self {
            body["field"] = json!(field);
        }
        (self.status(), axum::Json(body)).into_response()
    }
}

impl From<rivet_state::StoreError> for ApiError {
    fn from(e: rivet_state::StoreError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

/// Why the node could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    /// The state directory could not be opened.
    #[error("opening the state in {dir}: {source}")]
    Open {
        /// The directory.
        dir: std::path::PathBuf,
        /// Why.
        source: rivet_state::StoreError,
    },
    /// The state directory's registry (names, genesis records) could not be read.
    #[error(transparent)]
    Registry(#[from] rivet_state::registry::RegistryError),
    /// Binding the listen address or serving failed.
    #[error("{what} {addr}: {source}")]
    Io {
        /// `binding` or `serving`.
        what: &'static str,
        /// The address.
        addr: std::net::SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
    /// Reading the store failed at startup.
    #[error("reading the state: {0}")]
    Store(String),
    /// The async runtime could not start.
    #[error("starting the async runtime: {0}")]
    Runtime(std::io::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_field_names() {
        let e = ApiError::field("script.args[1]", "expected a string");
        assert_eq!(e.status(), StatusCode::BAD_REQUEST);
        assert_eq!(e.to_string(), "script.args[1]: expected a string");
        let nf = ApiError::NotFound {
            what: "account",
            key: "carol".into(),
            hint: String::new(),
        };
        assert_eq!(nf.status(), StatusCode::NOT_FOUND);
        assert_eq!(ApiError::Internal("x".into()).status().as_u16(), 500);
    }
}
