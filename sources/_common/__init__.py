"""Plumbing shared by every publisher: errors, HTTP, landing zone, snapshots, Excel."""
