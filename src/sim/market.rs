//! TODO-module market
