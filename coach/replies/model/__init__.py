"""A trained triage model beside the reply rules: intent and red flag from n-grams."""
