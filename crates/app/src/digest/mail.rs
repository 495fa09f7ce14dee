//! The mail server the digests go through, as configured (`PLANTRACK_SMTP_*`): off when no
//! host is set. SMTP on tokio; TLS (`tls` from the first byte, or `starttls`) by rustls with
//! the platform's certificate verifier.

use std::time::Duration;

use clap::{Args, ValueEnum};
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use plantrack_domain::Language;
use plantrack_web::i18n::translate;

/// How the connection to the mail server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum SmtpTls {
    /// Plain SMTP (a relay on the same host or network only).
    None,
    /// Plain at first, then upgraded with STARTTLS, which is required (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

/// The mail server's settings, from the command line or the environment.
#[derive(Debug, Clone, Args)]
pub struct MailArgs {
    /// The SMTP server's host name; digests are off when it is unset.
    #[arg(long, env = "PLANTRACK_SMTP_HOST")]
    pub smtp_host: Option<String>,
    /// Its port (default: 25 with no TLS, 587 with STARTTLS, 465 with TLS).
    #[arg(long, env = "PLANTRACK_SMTP_PORT")]
    pub smtp_port: Option<u16>,
    /// none, starttls or tls.
    #[arg(long, env = "PLANTRACK_SMTP_TLS", value_enum, default_value_t = SmtpTls::Starttls)]
    pub smtp_tls: SmtpTls,
    /// The account to sign in to the server with, if it asks for one.
    #[arg(long, env = "PLANTRACK_SMTP_USER")]
    pub smtp_user: Option<String>,
    /// Its password (best given in the environment, not on the command line).
    #[arg(long, env = "PLANTRACK_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<String>,
    /// The sender, e.g. "plantrack <plantrack@laichau.gov.vn>".
    #[arg(long, env = "PLANTRACK_MAIL_FROM")]
    pub mail_from: Option<String>,
}

/// Why mail could not be configured or sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("PLANTRACK_MAIL_FROM must name the sender when PLANTRACK_SMTP_HOST is set")]
    NoSender,
    #[error("PLANTRACK_SMTP_USER and PLANTRACK_SMTP_PASSWORD go together")]
    HalfCredentials,
    #[error("not a mail address: {0}")]
    Address(#[from] lettre::address::AddressError),
    #[error("the message could not be built: {0}")]
    Message(#[from] lettre::error::Error),
    /// The server's or the connection's answer, as it came.
    #[error("{0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
}

impl MailError {
    /// The error in the reader's language: the settings' own mistakes said in it, what the
    /// library or the server answered quoted as it came.
    pub fn describe(&self, lang: Language) -> String {
        match self {
            MailError::NoSender => translate(lang.into(), "cli-mail-no-sender", &[]),
            MailError::HalfCredentials => translate(lang.into(), "cli-mail-half-credentials", &[]),
            MailError::Address(e) => translate(
                lang.into(),
                "cli-mail-bad-address",
                &[("error", e.to_string().into())],
            ),
            MailError::Message(_) | MailError::Smtp(_) => self.to_string(),
        }
    }
}

/// A message ready to send: its subject and its plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub text: String,
}

/// The configured mail server and sender.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// Where it sends, for the log and for messages.
    pub server: String,
}

impl Mailer {
    /// The mailer the settings describe, or none when no host is set (mail off).
    pub fn from_args(args: &MailArgs) -> Result<Option<Mailer>, MailError> {
        let Some(host) = args
            .smtp_host
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
        else {
            return Ok(None);
        };
        let from: Mailbox = args
            .mail_from
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .ok_or(MailError::NoSender)?
            .parse()?;
        let port = args.smtp_port.unwrap_or(match args.smtp_tls {
            SmtpTls::None => 25,
            SmtpTls::Starttls => 587,
            SmtpTls::Tls => 465,
        });
        let tls = match args.smtp_tls {
            SmtpTls::None => Tls::None,
            SmtpTls::Starttls => Tls::Required(TlsParameters::new_rustls(host.to_owned())?),
            SmtpTls::Tls => Tls::Wrapper(TlsParameters::new_rustls(host.to_owned())?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(port)
            .tls(tls)
            // A server that stops answering must not hold the day's sending for ever.
            .timeout(Some(Duration::from_secs(30)));
        match (&args.smtp_user, &args.smtp_password) {
            (Some(user), Some(password)) => {
                builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
            }
            (None, None) => {}
            _ => return Err(MailError::HalfCredentials),
        }
        Ok(Some(Mailer {
            transport: builder.build(),
            from,
            server: format!("{host}:{port}"),
        }))
    }

    /// Sends one letter to one address.
    pub async fn send(&self, to: &str, letter: &Letter) -> Result<(), MailError> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(to.parse()?)
            .subject(letter.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            // Base64 always: Vietnamese is mostly non-ASCII, and 8-bit bodies need a server
            // that says 8BITMIME.
            .header(ContentTransferEncoding::Base64)
            .body(letter.text.clone())?;
        self.transport.send(message).await?;
        Ok(())
    }

    /// Sends one letter to one address with a PDF attached under `file_name`.
    pub async fn send_with_pdf(
        &self,
        to: &str,
        letter: &Letter,
        file_name: &str,
        pdf: Vec<u8>,
    ) -> Result<(), MailError> {
        let text = SinglePart::builder()
            .header(ContentType::TEXT_PLAIN)
            .header(ContentTransferEncoding::Base64)
            .body(letter.text.clone());
        let pdf_type = ContentType::parse("application/pdf").expect("a valid MIME type");
        let message = Message::builder()
            .from(self.from.clone())
            .to(to.parse()?)
            .subject(letter.subject.clone())
            .multipart(
                MultiPart::mixed()
                    .singlepart(text)
                    .singlepart(Attachment::new(file_name.to_owned()).body(pdf, pdf_type)),
            )?;
        self.transport.send(message).await?;
        Ok(())
    }
}
