"""Analytics: BI pages, Plotly figures, live updates over Channels, metrics."""
