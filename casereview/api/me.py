"""Who a token acts as: a cheap way for an integration to check its credentials."""

from ninja import Router, Schema

from casereview.accounts.requests import StaffRequest

router = Router(tags=["account"])


class MembershipOut(Schema):
    email: str
    name: str
    role: str
    partnership: str | None
    agency: str | None
    appeals_body: str | None


@router.get("", response=MembershipOut, summary="The user and role this token acts as")
def me(request: StaffRequest) -> MembershipOut:
    membership = request.membership
    return MembershipOut(
        email=membership.user.email,
        name=membership.user.full_name,
        role=membership.role,
        partnership=membership.partnership.slug if membership.partnership else None,
        agency=membership.agency.slug if membership.agency else None,
        appeals_body=membership.appeals_body.slug if membership.appeals_body else None,
    )
