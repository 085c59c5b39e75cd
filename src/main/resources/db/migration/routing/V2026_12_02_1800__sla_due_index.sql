-- The inbox orders open conversations by their soonest pending SLA target: index that expression.
create index conversation_sla_next_due on conversation_sla ((least(
        case when first_response_at is null then first_response_due end,
        next_response_due,
        case when paused_since is null then resolution_due end)))
    where resolved_at is null;
