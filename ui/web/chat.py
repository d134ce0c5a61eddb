"""The readers' chat: streamed answers, citation chips, a source panel with the quote highlighted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr
from gradio.helpers import Examples

from assistant import Answer, NewsAssistant
from assistant.errors import NewsdeskError
from ui.web import PRIVATE
from ui.web.render import answer_markdown, citation_choices, escape_markdown, story_panel
from ui.web.wording import language_of


def build_chat(desk: NewsAssistant, t: gr.I18n) -> dict[str, gr.Column]:
    """The chat tab; returns its suggested questions, one column per language."""
    history = gr.State([])  # the conversation as plain {"role", "content"} messages
    quotes = gr.State({})  # "n|story_id" → the sentences quoted from it, for the source panel
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(
                label=t("tab_chat"), height=440, elem_id="nd-chat", show_label=False, buttons=["copy"]
            )  # no toolbar over the first message: a copy button per message
            restriction = gr.Markdown(elem_id="nd-restriction")
            with gr.Row():
                question = gr.Textbox(
                    label=t("question_placeholder"),  # hidden, but read by screen readers (not "Textbox")
                    placeholder=t("question_placeholder"),
                    show_label=False,
                    scale=5,
                    elem_id="nd-question",
                    max_length=2000,
                )
                send = gr.Button(t("send"), variant="primary", scale=1, elem_id="nd-send")
            # In the reader's language, known only when a page loads: one set per language, the
            # page shows its own (``Page.suggestions``).
            setting = desk.settings.ui_language
            suggestions: dict[str, gr.Column] = {}
            asked: list[Examples] = []  # a suggestion, clicked, is asked (below)
            for language in [setting] if setting in ("fr", "en") else ["en", "fr"]:
                with gr.Column(visible=not suggestions, elem_id=f"nd-examples-{language}") as suggestions[language]:
                    if examples := desk.suggested_questions(language=language):
                        asked.append(
                            gr.Examples(examples=[[q] for q in examples], inputs=[question], label=t("examples"))
                        )
            new = gr.Button(t("new_conversation"), size="sm", elem_id="nd-new")
        with gr.Column(scale=2):
            sources = gr.Radio(choices=[], label=t("sources"), elem_id="nd-sources")
            panel = gr.HTML(elem_id="nd-source-panel")

    def respond(text: str, messages: list[dict[str, str]], turns: list[dict[str, str]]) -> Iterator[tuple[Any, ...]]:
        text = (text or "").strip()
        if not text:
            yield messages, turns, "", gr.update(), gr.update(), {}, gr.update()
            return
        shown = [*messages, {"role": "user", "content": escape_markdown(text)}, {"role": "assistant", "content": "…"}]
        yield shown, turns, "", "", gr.update(choices=[], value=None), {}, ""
        written = ""
        answer: Answer | None = None
        try:
            for piece in desk.ask_stream(text, history=turns):
                if isinstance(piece, Answer):
                    answer = piece
                else:
                    written += piece
                    shown[-1] = {"role": "assistant", "content": escape_markdown(written)}
                    yield shown, turns, "", gr.update(), gr.update(), {}, gr.update()
        except NewsdeskError as error:
            shown[-1] = {"role": "assistant", "content": escape_markdown(f"⚠ {error}")}
            yield shown, turns, "", "", gr.update(choices=[], value=None), {}, ""
            return
        assert answer is not None
        shown[-1] = {"role": "assistant", "content": answer_markdown(answer)}
        turns = [*turns, {"role": "user", "content": text}, {"role": "assistant", "content": answer.text}]
        lead = "Recherche limitée à :" if answer.language == "fr" else "Search limited to:"
        note = f"🔎 {lead} {escape_markdown(answer.restriction)}" if answer.restriction else ""
        found = {  # every sentence the answer quotes from a source, not only its first
            f"{c.n}|{c.story_id}": [c.quote, *(s.text for s in answer.sentences if c.n in s.citations)]
            for c in answer.citations
        }
        yield shown, turns, "", note, gr.update(choices=citation_choices(answer), value=None), found, ""

    def open_source(choice: str | None, found: dict[str, list[str]], request: gr.Request) -> str:
        if not choice:
            return ""
        story_id = choice.split("|", 1)[1]
        language = language_of(desk.settings.ui_language, request)
        return story_panel(desk.story_details(story_id), quotes=found.get(choice, []), language=language)

    outputs = [chatbot, history, question, restriction, sources, quotes, panel]
    send.click(respond, [question, chatbot, history], outputs, api_visibility=PRIVATE)
    question.submit(respond, [question, chatbot, history], outputs, api_visibility=PRIVATE)
    for suggested in asked:  # it fills the question box, then asks it
        suggested.load_input_event.then(respond, [question, chatbot, history], outputs, api_visibility=PRIVATE)
    sources.change(open_source, [sources, quotes], panel, api_visibility=PRIVATE)
    cleared: tuple[Any, ...] = ([], [], "", "", gr.update(choices=[], value=None), {}, "")
    new.click(lambda: cleared, None, outputs, api_visibility=PRIVATE)
    # The chat's own bin empties what is shown; the turns it remembers and the sources go too,
    # or the next question would be read as a follow-up of a conversation the reader cleared.
    chatbot.clear(lambda: cleared, None, outputs, api_visibility=PRIVATE)
    return suggestions
