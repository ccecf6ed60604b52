// The mini-program's entry: nothing global yet; stores, sync and storage wiring arrive with the UI.
App({});
