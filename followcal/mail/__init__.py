"""The mailbox: reading replies and sends (`followcal inbox`), writing drafts (`prepare`).

Data flows one way: a source (IMAP, Maildir, mbox) yields `MailMessage`s; `relating` ties
each to an interview; `classifying` says what it means, with evidence; `proposals` turns
that into changes to the interviews file. `drafts` builds the messages `prepare` appends.
Nothing here prints; the CLI does.
"""
