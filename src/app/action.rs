//! User intents ([`Action`]) and the input modes ([`Mode`]) that scope key bindings.
//!
//! Both are keymap vocabulary: `assets/keymap.toml` names modes as sections and actions as
//! snake_case values.

use serde::{Deserialize, Serialize};

/// What the keyboard is currently driving; each mode has its own bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Bindings that apply in every mode unless the mode rebinds the key.
    Global,
    /// Browsing the panes.
    Normal,
    /// Editing the order ticket.
    Ticket,
    /// The review card of a ticket, before sending.
    Review,
    /// A yes/no question (cancel all).
    Confirm,
    /// The product picker.
    Picker,
    /// The help overlay.
    Help,
    /// The price alert form.
    AlertForm,
    /// The list of alerts.
    Alerts,
    /// The command palette's input line.
    Palette,
    /// "Move this order by N ticks?" after `+`/`-`.
    Nudge,
    /// The replay keys: consulted before [`Mode::Normal`]'s, only in `cbterm replay`.
    Replay,
}

impl Mode {
    /// Every mode, in keymap file order.
    pub const ALL: [Mode; 12] = [
        Mode::Global,
        Mode::Normal,
        Mode::Ticket,
        Mode::Review,
        Mode::Confirm,
        Mode::Picker,
        Mode::Help,
        Mode::AlertForm,
        Mode::Alerts,
        Mode::Palette,
        Mode::Nudge,
        Mode::Replay,
    ];

    /// Whether unbound printable keys are typed into a text field in this mode.
    pub fn takes_text(self) -> bool {
        matches!(self, Mode::Ticket | Mode::Picker | Mode::AlertForm | Mode::Palette)
    }

    /// The section name in the keymap file.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Global => "global",
            Mode::Normal => "normal",
            Mode::Ticket => "ticket",
            Mode::Review => "review",
            Mode::Confirm => "confirm",
            Mode::Picker => "picker",
            Mode::Help => "help",
            Mode::AlertForm => "alert",
            Mode::Alerts => "alerts",
            Mode::Palette => "palette",
            Mode::Nudge => "nudge",
            Mode::Replay => "replay",
        }
    }
}

/// Something the user asked for, named in the imperative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Leave the dashboard.
    Quit,
    /// Show or hide the help overlay.
    ToggleHelp,
    /// Move focus to the next pane.
    FocusNext,
    /// Move focus to the previous pane.
    FocusPrev,
    /// Move the selection up in the focused list.
    SelectUp,
    /// Move the selection down in the focused list.
    SelectDown,
    /// Scroll up by a page (the help overlay).
    PageUp,
    /// Scroll down by a page (the help overlay).
    PageDown,
    /// Open the product picker.
    OpenPicker,
    /// Open a buy ticket (at the selected book level when the book has focus).
    OpenBuyTicket,
    /// Open a sell ticket (at the selected book level when the book has focus).
    OpenSellTicket,
    /// Cancel the selected open order.
    CancelSelected,
    /// Ask to cancel every open order.
    CancelAll,
    /// Aggregate the book by a wider tick.
    WidenTick,
    /// Aggregate the book by a narrower tick.
    NarrowTick,
    /// Switch the chart to the next longer granularity.
    NextGranularity,
    /// Switch the chart to the next shorter granularity.
    PrevGranularity,
    /// Close the current overlay or go back one step.
    Close,
    /// Move to the next ticket field.
    NextField,
    /// Move to the previous ticket field.
    PrevField,
    /// Pick the previous value of a choice field.
    ChoicePrev,
    /// Pick the next value of a choice field.
    ChoiceNext,
    /// Delete the last character of the text field.
    DeleteChar,
    /// Show the review card of the ticket.
    Review,
    /// Answer yes: send the reviewed order, or confirm the question.
    Confirm,
    /// Fill the price field from the best bid.
    PriceFromBid,
    /// Fill the price field from the best ask.
    PriceFromAsk,
    /// Fill the price field from the mid price.
    PriceFromMid,
    /// Fill the size from the next share (25, 50, 75, 100 %) of the available balance.
    SizeFromBalance,
    /// Choose the highlighted product in the picker.
    Pick,
    /// Dismiss the status-bar message (errors stay until dismissed or replaced).
    Dismiss,
    /// Open the price alert form for the focused product.
    OpenAlertForm,
    /// Show the list of alerts (and recent order notifications).
    OpenAlerts,
    /// Set the alert typed in the form.
    SetAlert,
    /// Delete the selected alert.
    DeleteAlert,
    /// Switch the Open orders pane between its tabs: open orders and order history.
    ToggleOrderHistory,
    /// Open the command palette.
    OpenPalette,
    /// Run the palette's line (an order opens its review card).
    RunCommand,
    /// Complete the word being typed in the palette.
    Complete,
    /// Show the previous (older) line of the palette's history.
    HistoryPrev,
    /// Show the next (newer) line of the palette's history.
    HistoryNext,
    /// Open the ticket to edit the selected resting limit order's price and size.
    EditSelected,
    /// Move the selected order's price one tick up (repeated presses add up).
    NudgeUp,
    /// Move the selected order's price one tick down (repeated presses add up).
    NudgeDown,
    /// Move the focused product one row up the watchlist (saved to the config file).
    MoveWatchUp,
    /// Move the focused product one row down the watchlist (saved to the config file).
    MoveWatchDown,
    /// Ask to cancel every open order of the focused product.
    CancelAllProduct,
    /// Ask to sell the focused product's whole available base balance at market.
    Flatten,
    /// Pause or resume a replay.
    ReplayPause,
    /// While a replay is paused, play its next recorded message.
    ReplayStep,
    /// Play the replay twice as fast.
    ReplayFaster,
    /// Play the replay half as fast.
    ReplaySlower,
}

impl Action {
    /// A short label for hints and the help overlay.
    pub fn label(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::ToggleHelp => "help",
            Action::FocusNext => "next pane",
            Action::FocusPrev => "previous pane",
            Action::SelectUp => "up",
            Action::SelectDown => "down",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::OpenPicker => "pick product",
            Action::OpenBuyTicket => "buy",
            Action::OpenSellTicket => "sell",
            Action::CancelSelected => "cancel order",
            Action::CancelAll => "cancel all",
            Action::WidenTick => "wider tick",
            Action::NarrowTick => "narrower tick",
            Action::NextGranularity => "longer candles",
            Action::PrevGranularity => "shorter candles",
            Action::Close => "close",
            Action::NextField => "next field",
            Action::PrevField => "previous field",
            Action::ChoicePrev => "previous choice",
            Action::ChoiceNext => "next choice",
            Action::DeleteChar => "delete",
            Action::Review => "review",
            Action::Confirm => "yes",
            Action::PriceFromBid => "price = bid",
            Action::PriceFromAsk => "price = ask",
            Action::PriceFromMid => "price = mid",
            Action::SizeFromBalance => "size % of balance",
            Action::Pick => "choose",
            Action::Dismiss => "dismiss message",
            Action::OpenAlertForm => "price alert",
            Action::OpenAlerts => "alerts",
            Action::SetAlert => "set alert",
            Action::DeleteAlert => "delete alert",
            Action::ToggleOrderHistory => "open orders ↔ history",
            Action::OpenPalette => "commands",
            Action::RunCommand => "run",
            Action::Complete => "complete",
            Action::HistoryPrev => "older command",
            Action::HistoryNext => "newer command",
            Action::EditSelected => "edit order",
            Action::NudgeUp => "price +1 tick",
            Action::NudgeDown => "price -1 tick",
            Action::MoveWatchUp => "move product up",
            Action::MoveWatchDown => "move product down",
            Action::CancelAllProduct => "cancel all on product",
            Action::Flatten => "flatten: sell all",
            Action::ReplayPause => "pause/play",
            Action::ReplayStep => "step",
            Action::ReplayFaster => "faster",
            Action::ReplaySlower => "slower",
        }
    }

    /// Whether the action is worth a place in the one-line status bar hints (edit and nudge
    /// are in the help; their questions name their own keys).
    pub fn is_hint(self) -> bool {
        !matches!(
            self,
            Action::SelectUp
                | Action::SelectDown
                | Action::FocusPrev
                | Action::PrevField
                | Action::ChoicePrev
                | Action::DeleteChar
                | Action::NarrowTick
                | Action::PrevGranularity
                | Action::Dismiss
                | Action::ToggleOrderHistory
                | Action::HistoryNext
                | Action::EditSelected
                | Action::NudgeUp
                | Action::NudgeDown
                | Action::MoveWatchUp
                | Action::MoveWatchDown
                | Action::CancelAllProduct
                | Action::Flatten
                | Action::ReplayStep
                | Action::ReplaySlower
        )
    }
}
