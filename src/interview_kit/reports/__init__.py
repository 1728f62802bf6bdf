"""What leads take away: the round report as data (JSON, CSV) and as printable PDFs (reportlab)."""
