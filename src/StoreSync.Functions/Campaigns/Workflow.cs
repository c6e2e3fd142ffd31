using StoreSync.Functions.Common.Auth;

namespace StoreSync.Functions.Campaigns;

public static class CampaignStatus
{
    public const string Draft = "draft";
    public const string PendingReview = "pendingReview";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Scheduled = "scheduled";
    public const string Active = "active";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";

    public static readonly string[] All = [Draft, PendingReview, Approved, Rejected, Scheduled, Active, Completed, Cancelled];

    /// <summary>Content and dates may change only in these states.</summary>
    public static bool IsEditable(string status) => status is Draft or Rejected;
}

/// <summary>Who may perform a transition: the listed roles, or the lifecycle sweep (system).</summary>
public sealed record Transition(string Action, string[] From, string To, string[] Roles, bool IsSystem = false)
{
    public bool AllowsRole(string role) => !IsSystem && Roles.Contains(role);
}

/// <summary>
/// The campaign lifecycle, in one table. Every caller, HTTP action or timer sweep, goes through it:
/// an action that is not here for the campaign's status is a 409, never silently ignored.
/// </summary>
public static class Workflow
{
    private static readonly string[] Authors = [Common.Auth.Roles.Admin, Common.Auth.Roles.BrandManager, Common.Auth.Roles.LocationManager];
    private static readonly string[] Reviewers = [Common.Auth.Roles.Admin, Common.Auth.Roles.BrandManager];

    public static readonly IReadOnlyList<Transition> Table =
    [
        new("submit", [CampaignStatus.Draft], CampaignStatus.PendingReview, Authors),
        new("approve", [CampaignStatus.PendingReview], CampaignStatus.Approved, Reviewers),
        new("reject", [CampaignStatus.PendingReview], CampaignStatus.Rejected, Reviewers),
        new("revise", [CampaignStatus.Rejected], CampaignStatus.Draft, Authors),
        new("schedule", [CampaignStatus.Approved], CampaignStatus.Scheduled, Reviewers),
        new("activate", [CampaignStatus.Scheduled], CampaignStatus.Active, [], IsSystem: true),
        new("complete", [CampaignStatus.Active], CampaignStatus.Completed, [], IsSystem: true),
        new("cancel", [CampaignStatus.Approved, CampaignStatus.Scheduled, CampaignStatus.Active], CampaignStatus.Cancelled, Reviewers),
    ];

    public static readonly string[] UserActions = Table.Where(t => !t.IsSystem).Select(t => t.Action).ToArray();

    public static Transition? Find(string action) => Table.FirstOrDefault(t => t.Action == action);

    /// <summary>The transition for an action from a status, or null when the table has none (→ 409).</summary>
    public static Transition? For(string action, string fromStatus) =>
        Table.FirstOrDefault(t => t.Action == action && t.From.Contains(fromStatus));

    /// <summary>Actions a user of the role could take on a campaign in the given status (for UIs).</summary>
    public static IEnumerable<string> AvailableActions(string status, string role) =>
        Table.Where(t => t.From.Contains(status) && t.AllowsRole(role)).Select(t => t.Action);
}
