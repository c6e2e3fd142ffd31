using StoreSync.Data.Mail;
using StoreSync.Data.Users;
using StoreSync.Functions.Common.Validation;
using StoreSync.Functions.Locations;

namespace StoreSync.Functions.Mail;

/// <summary>Which in-app notifications also come by e-mail (all on by default).</summary>
public sealed record EmailPreferences(bool ReviewRequests, bool Decisions, bool Mentions, bool Digest);

public sealed record NotificationPreferences(EmailPreferences Email);

/// <summary>Only what is given changes.</summary>
public sealed record EmailPreferencesPatch(bool? ReviewRequests, bool? Decisions, bool? Mentions, bool? Digest);

public sealed record NotificationPreferencesPatch(EmailPreferencesPatch? Email);

/// <summary>GET|PATCH /auth/me: the user as /users shows them, plus their notification preferences and time zone (IANA).</summary>
public sealed record MeResponse(Guid Id, string Username, string? Email, string? DisplayName, string Role, Guid[] BrandIds, Guid[] LocationIds,
    bool IsActive, DateTime CreatedAt, DateTime UpdatedAt, NotificationPreferences NotificationPreferences, string TimeZone)
{
    public static MeResponse From(UserRow u, MailPreferences p) =>
        new(u.Id, u.Username, u.Email, u.DisplayName, u.Role, u.BrandIds, u.LocationIds, u.IsActive, u.CreatedAt.UtcDateTime, u.UpdatedAt.UtcDateTime,
            new NotificationPreferences(new EmailPreferences(p.ReviewRequests, p.Decisions, p.Mentions, p.Digest)), p.TimeZone);
}

public static class MailPreferencesRules
{
    /// <summary>Validates a PATCH's time zone: an IANA id ("Europe/Berlin", "UTC"); Windows names are refused.</summary>
    public static Validator TimeZone(this Validator v, string? timeZone)
    {
        if (timeZone is not null && !LocationRules.IsIanaTimeZone(timeZone.Trim()))
            v.Add("timeZone", "timeZone must be an IANA time zone such as Europe/Berlin or UTC.");
        return v;
    }
}
