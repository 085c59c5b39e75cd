-- The inbox's and the API's first page of open conversations, most recent activity first, without a sort.
create index conversation_open_recent on conversation (last_message_at desc, id desc) where status = 'open';
