"""Versioned prompt templates and the grounded request built from them."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from frontdesk.conversation.phrases import LANGUAGE_NAMES
from frontdesk.gateway.model import ChatRequest, ContextPassage, Message
from frontdesk.kit.yamlfile import load_yaml_model

PROMPTS_DIR = Path(__file__).resolve().parent / "prompts"


class PromptTemplate(BaseModel):
    model_config = {"extra": "forbid"}

    id: str
    version: int
    system: str
    abstain_token: str = "NOT_AVAILABLE"

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"


@functools.lru_cache(maxsize=256)
def load_prompt(name: str, tenant_root: Path | None = None) -> PromptTemplate:
    """A tenant's ``prompts/<name>.yaml`` overrides the built-in one. Read once per process
    (a turn must not parse YAML); a changed prompt takes effect at the next start."""
    if tenant_root is not None:
        override = tenant_root / "prompts" / f"{name}.yaml"
        if override.exists():
            return load_yaml_model(PromptTemplate, override)
    return load_yaml_model(PromptTemplate, PROMPTS_DIR / f"{name}.yaml")


@dataclass(frozen=True)
class GroundedPrompt:
    template: PromptTemplate
    company: str

    def build(
        self,
        *,
        question: str,
        history: list[Message],
        passages: tuple[ContextPassage, ...],
        language: str,
        max_output_tokens: int,
        metadata: dict[str, str],
        confidential_line: str | None = None,
    ) -> ChatRequest:
        """``confidential_line`` ends the system prompt: the guard's canary, whose
        appearance in an answer shows the prompt was extracted."""
        rendered = "\n\n".join(f"[{p.n}] {p.title}\n{p.text}" for p in passages)
        system = self.template.system.format(
            company=self.company,
            language_name=LANGUAGE_NAMES.get(language, "English"),
            passages=rendered,
        )
        if confidential_line:
            system = f"{system}\n\n{confidential_line}"
        messages = (Message("system", system), *history, Message("user", question))
        return ChatRequest(
            messages=messages,
            max_output_tokens=max_output_tokens,
            passages=passages,
            language=language,
            metadata=metadata,
        )
