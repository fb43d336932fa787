//! `POST /orders/edit` and `POST /orders/edit_preview`.

use super::*;

/// The code of a refused edit that gave none that says something.
pub const UNKNOWN_EDIT_FAILURE: &str = "UNKNOWN_EDIT_ORDER_FAILURE_REASON";

impl RestClient {
    /// `POST /orders/edit` (price and size both required). `success: false` becomes
    /// [`ApiError::Rejected`] with the first reason that says something.
    pub async fn edit_order(&self, request: &EditOrderRequest) -> Result<(), ApiError> {
        let response: EditOrderResponse = self.post("/orders/edit", request).await?;
        if response.success {
            return Ok(());
        }
        Err(rejected(&response.errors))
    }

    /// `POST /orders/edit_preview`: the estimate of the edited order; an answer with errors
    /// becomes [`ApiError::Rejected`] like a refused edit. Nothing changes at the exchange.
    pub async fn edit_order_preview(
        &self,
        request: &EditOrderRequest,
    ) -> Result<EditPreviewResponse, ApiError> {
        let response: EditPreviewResponse = self.post("/orders/edit_preview", request).await?;
        if response.errors.is_empty() {
            return Ok(response);
        }
        Err(rejected(&response.errors))
    }
}

fn rejected(errors: &[EditError]) -> ApiError {
    let reason = EditError::reason(errors).unwrap_or(UNKNOWN_EDIT_FAILURE).to_string();
    ApiError::Rejected { reason, message: String::new() }
}
