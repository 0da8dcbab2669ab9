"""Text utilities shared by every stage: normalisation, numbers, language and dates."""
