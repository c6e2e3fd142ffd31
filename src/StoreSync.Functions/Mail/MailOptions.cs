using System.ComponentModel.DataAnnotations;

namespace StoreSync.Functions.Mail;

/// <summary>How StoreSync's mail leaves: any SMTP server or relay (section "Mail"; the public URL for links is App:BaseUrl).</summary>
public sealed class MailOptions
{
    /// <summary>The SMTP server. Unset: mail is queued but not sent, and health says "disabled".</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>None, StartTls (required), StartTlsWhenAvailable, SslOnConnect (implicit TLS, e.g. port 465) or Auto (by port).</summary>
    [RegularExpression("^(None|Auto|StartTls|StartTlsWhenAvailable|SslOnConnect)$",
        ErrorMessage = "Mail:Security must be None, Auto, StartTls, StartTlsWhenAvailable or SslOnConnect.")]
    public string Security { get; set; } = "Auto";

    /// <summary>SMTP AUTH user name and password (a Key Vault reference in Azure); no authentication when the user name is unset.</summary>
    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>The From address, e.g. "StoreSync &lt;no-reply@example.com&gt;" (with Azure Communication Services: a sender of its verified domain).</summary>
    [Required(ErrorMessage = "Missing setting Mail:From.")]
    public string From { get; set; } = "StoreSync <no-reply@storesync.local>";

    /// <summary>The app's public URL: links in mails point here (App:BaseUrl).</summary>
    [Required]
    public string BaseUrl { get; set; } = "http://127.0.0.1:7071";

    /// <summary>Mails sent over one SMTP connection before the next claim.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>SMTP connections a drain uses at once (each sends its own batches); relays limit rates, so keep it small.</summary>
    [Range(1, 32)]
    public int Connections { get; set; } = 4;

    /// <summary>After this many refusals by the server a mail is dead (kept with its last error, never retried).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after the first refusal; doubled after each further one, up to RetryMaxDelay.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.010", "7.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a claim keeps other senders off a batch; a sender that died releases its batch when this lapses.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Connect, send and command timeout of the SMTP client.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Send at once after a notification commits (the in-process sender listening on the database), besides the timer.</summary>
    public bool SendAtOnce { get; set; } = true;

    /// <summary>How long the in-process sender waits after the server could not be reached before it tries again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The in-process sender also looks for due mail (retries) this often without being woken.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
