"""The admin-home dashboard panel: dossiers received this month, in progress, overdue, on-time rate."""
