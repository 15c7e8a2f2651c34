"""The interventions (insatser) of an action plan, in BIP's four groups.

The catalogue follows seed ``001`` (and ``004`` for paid hours). Ids are
stable and stored; names are English msgids. A plan may also hold an
intervention that is on no list: kind ``other`` with a free text and its
group. ``JOB_FOCUSED`` matters most: in BIP, the other groups moved people
forward only together with a job-focused intervention. Imports neither
textual nor rich.
"""

from __future__ import annotations

from dataclasses import dataclass

from .indicators import N_

JOB_FOCUSED = "job_focused"
COMPETENCE = "competence"
SOCIAL = "social"
HEALTH = "health"
OTHER = "other"
"""The kind of an intervention that is on no list (it has a free text and a group)."""


@dataclass(frozen=True)
class Group:
    id: str
    name: str


@dataclass(frozen=True)
class Kind:
    id: str
    group: str
    name: str


GROUPS: tuple[Group, ...] = (
    Group(JOB_FOCUSED, N_("Job-focused")),
    Group(COMPETENCE, N_("Competence-raising")),
    Group(SOCIAL, N_("Social")),
    Group(HEALTH, N_("Health-related")),
)
GROUP_BY_ID: dict[str, Group] = {g.id: g for g in GROUPS}

KINDS: tuple[Kind, ...] = (
    Kind("labour_market_knowledge", JOB_FOCUSED, N_("Knowledge of the labour market")),
    Kind("job_search", JOB_FOCUSED, N_("Job search")),
    Kind("mentor", JOB_FOCUSED, N_("Workplace, education or job-centre mentor")),
    Kind("internal_practice", JOB_FOCUSED, N_("Internal work practice")),
    Kind("company_internship", JOB_FOCUSED, N_("External work practice (company internship)")),
    Kind("company_centre", JOB_FOCUSED, N_("Company centre")),
    Kind("wage_subsidy", JOB_FOCUSED, N_("Wage-subsidised job")),
    Kind("job_rotation", JOB_FOCUSED, N_("Job rotation")),
    Kind("substitute_hours", JOB_FOCUSED, N_("Substitute hours")),
    Kind("paid_hours", JOB_FOCUSED, N_("Paid hours on ordinary terms")),
    Kind("general_skills", COMPETENCE,
         N_("General skills (reading, writing, language, IT, communication, maths)")),
    Kind("vocational_skills", COMPETENCE, N_("Vocational skills (courses, certificates)")),
    Kind("rehabilitation_courses", COMPETENCE, N_("Rehabilitation courses")),
    Kind("social_skills", SOCIAL, N_("Social and personal skills")),
    Kind("network", SOCIAL, N_("Strengthening the network")),
    Kind("everyday_life", SOCIAL,
         N_("Managing everyday life (money, transport, cleaning, buying food)")),
    Kind("social_mentor", SOCIAL, N_("Social mentor and contact person")),
    Kind("diet_exercise", HEALTH, N_("Diet and exercise")),
    Kind("assessment_treatment", HEALTH, N_("Assessment and/or treatment")),
    Kind("health_management", HEALTH, N_("Managing mental and/or physical health")),
    Kind("addiction_treatment", HEALTH, N_("Addiction treatment")),
)
KIND_BY_ID: dict[str, Kind] = {k.id: k for k in KINDS}


def kinds_of(group: str) -> tuple[Kind, ...]:
    return tuple(k for k in KINDS if k.group == group)
