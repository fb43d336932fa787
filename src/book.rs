//! TODO-module book
