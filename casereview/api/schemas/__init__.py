"""The API's response schemas: what the OpenAPI document promises and ninja enforces.

Every JSON answer is validated against one of these before it is sent, so the document
cannot drift from the wire. Request schemas stay beside the operations that take them.
"""
