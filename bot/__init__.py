"""The 节水普陀 Rasa assistant: NLU data, domain, custom components, actions and channels."""
