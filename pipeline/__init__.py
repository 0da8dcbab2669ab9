"""zhaimao."""
