"""The clinic inbox: conversations a human handles, and clinicians' replies by SMS."""
