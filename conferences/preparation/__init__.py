"""Preparing a conference: booking, invitations, requests to the chair, the records before the
day, letters."""
