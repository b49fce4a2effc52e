"""Publishing: strict builds staged then published, the student edition, the PDF, the
replication README, citation checks and releases."""
