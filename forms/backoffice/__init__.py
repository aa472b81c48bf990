"""Back office of the one-stop counter (Bộ phận Một cửa) in the Wagtail admin: list, actions, exports, dashboard."""
