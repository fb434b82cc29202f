"""Import from the web: fetching a post's page carefully, and following RSS/Atom feeds."""
