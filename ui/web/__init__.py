"""The web app: Gradio screens over ``NewsAssistant``, holding no logic of their own."""

from typing import Final, Literal

# The screens' events serve their page only (developers have the REST API). Private, they are
# left out of the API description Gradio embeds in its page, logged in or not, and cannot be
# called by name through /gradio_api/call.
PRIVATE: Final[Literal["private"]] = "private"
