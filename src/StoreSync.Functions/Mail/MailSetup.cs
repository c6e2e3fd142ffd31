using StoreSync.Data.Mail;

namespace StoreSync.Functions.Mail;

public static class MailSetup
{
    public static IHostApplicationBuilder AddMail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MailOptions>()
            .Bind(builder.Configuration.GetSection("Mail"))
            .Configure<IConfiguration>((o, config) => o.BaseUrl = config["App:BaseUrl"] is { Length: > 0 } url ? url : o.BaseUrl)
            .Validate(o => Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https",
                "App:BaseUrl must be an absolute http(s) URL, e.g. https://storesync.example.com")
            .Validate(o => MimeKit.MailboxAddress.TryParse(o.From, out _), "Mail:From must be an address, e.g. StoreSync <no-reply@example.com>")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<MailOutboxStore>();
        builder.Services.AddSingleton<MailPreferencesStore>();
        builder.Services.AddSingleton<MailHealth>();
        builder.Services.AddSingleton<MailSender>();
        builder.Services.AddHostedService<MailPump>();
        return builder;
    }
}
