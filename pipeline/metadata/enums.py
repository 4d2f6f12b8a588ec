"""Constants of the package's tables and enumerated columns, generated from schemas/ by
`python -m pipeline.metadata.generate`: do not edit by hand (tests/test_schema.py renders it
again and fails on any difference)."""

from __future__ import annotations

from enum import StrEnum


class Table(StrEnum):
    """The package's tables, in resource order (schemas/package.yaml)."""

    SOURCES = "sources"
    PASSAGES = "passages"
    ACTORS = "actors"
    ACTOR_MENTIONS = "actor_mentions"
    STATEMENTS = "statements"
    STATEMENT_SPEAKERS = "statement_speakers"
    MEETINGS = "meetings"
    MEETING_PARTICIPANTS = "meeting_participants"
    MEETING_MENTIONS = "meeting_mentions"
    DEMANDS = "demands"
    DEMAND_RESPONSES = "demand_responses"
    CAMEO_CODES = "cameo_codes"


# The tables whose rows extraction makes (made_by: extract), in resource order.
EXTRACTED_TABLES = (
    Table.ACTORS,
    Table.ACTOR_MENTIONS,
    Table.STATEMENTS,
    Table.STATEMENT_SPEAKERS,
    Table.MEETINGS,
    Table.MEETING_PARTICIPANTS,
    Table.MEETING_MENTIONS,
    Table.DEMANDS,
    Table.DEMAND_RESPONSES,
)


class PassageKind(StrEnum):
    """passages.kind: Role of the passage in the document."""

    TITLE = "title"
    STANDFIRST = "standfirst"
    BODY = "body"
    CAPTION = "caption"


class ActorType(StrEnum):
    """actors.type: Kind of actor: a person, an organisation, a country (a state or its
    government), a group (unnamed or collective speakers: officials, diplomats, the police) or
    other."""

    PERSON = "person"
    ORGANIZATION = "organization"
    COUNTRY = "country"
    GROUP = "group"
    OTHER = "other"


class MentionMethod(StrEnum):
    """actor_mentions.method: How the mention was linked to its actor."""

    REGISTRY = "registry"
    NER = "ner"
    SURNAME = "surname"
    ACRONYM = "acronym"
    TITLE = "title"
    PRONOUN = "pronoun"
    ALIAS = "alias"


class StatementMode(StrEnum):
    """statements.mode: direct: a full quotation; partial: a quoted fragment inside reported
    speech; indirect: reported speech without quotation marks."""

    DIRECT = "direct"
    PARTIAL = "partial"
    INDIRECT = "indirect"


class MeetingType(StrEnum):
    """meetings.meeting_type: Kind of meeting."""

    SUMMIT = "summit"
    TALKS = "talks"
    COUNCIL = "council"
    CONFERENCE = "conference"
    PRESS_CONFERENCE = "press_conference"
    MEETING = "meeting"
    VISIT = "visit"
    CALL = "call"


class MeetingStatus(StrEnum):
    """meetings.status: Whether the meeting has taken place, is under way or is planned, from
    the source's point of view."""

    HELD = "held"
    ONGOING = "ongoing"
    PLANNED = "planned"


class DatePrecision(StrEnum):
    """meetings.date_precision: Precision of start_date (and end_date)."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


class ParticipantRole(StrEnum):
    """meeting_participants.role: Part the actor takes in the meeting."""

    PARTICIPANT = "participant"
    HOST = "host"


class DemandStatus(StrEnum):
    """demands.status: Outcome of the demand according to the source: made (no response
    reported), rejected or accepted."""

    MADE = "made"
    REJECTED = "rejected"
    ACCEPTED = "accepted"


class ResponseKind(StrEnum):
    """demand_responses.response: How the responder answers the demand."""

    REJECTED = "rejected"
    ACCEPTED = "accepted"
