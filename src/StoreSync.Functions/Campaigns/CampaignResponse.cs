using System.Text.Json;
using StoreSync.Data.Campaigns;
using StoreSync.Functions.Common.Auth;

namespace StoreSync.Functions.Campaigns;

/// <summary>What the lifecycle will do to a campaign by itself next, and when (on <c>GET /campaigns/{id}</c>).</summary>
/// <param name="Action">activate, complete, remindReviewers or flagStartPassed.</param>
public sealed record NextAutomaticStep(string Action, DateTimeOffset DueAt, string? DueAtLocal);

public sealed record CampaignResponse(Guid Id, Guid BrandId, Guid LocationId, string LocationName, string StoreNumber, string TimeZone,
    Guid TemplateId, string TemplateName, string Name, Dictionary<string, JsonElement> Customizations, string RenderedContent,
    string? GeneratedContent, string Status, DateTimeOffset? ScheduledStart, DateTimeOffset? ScheduledEnd, string? ScheduledStartLocal,
    string? ScheduledEndLocal, Guid? CreatedBy, string? CreatedByName, Guid? SubmittedBy, DateTimeOffset? SubmittedAt, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, int Version, IReadOnlyList<string> AvailableActions, NextAutomaticStep? NextAutomaticStep = null,
    Guid? RolloutId = null, Offers.OfferSpec? Offer = null, IReadOnlyList<Offers.OfferConflict>? Conflicts = null)
{
    public static CampaignResponse From(CampaignView c, CurrentUser me) => new(c.Id, c.BrandId, c.LocationId, c.LocationName, c.StoreNumber,
        c.TimeZone, c.TemplateId, c.TemplateName, c.Name, c.Customizations, c.RenderedContent, c.GeneratedContent, c.Status, c.ScheduledStart,
        c.ScheduledEnd, LocalTimes.ToLocalText(c.ScheduledStart, c.TimeZone), LocalTimes.ToLocalText(c.ScheduledEnd, c.TimeZone), c.CreatedBy,
        c.CreatedByName, c.SubmittedBy, c.SubmittedAt, c.CreatedAt, c.UpdatedAt, c.Version, AvailableActionsFor(c.Status, c.SubmittedBy, me),
        RolloutId: c.RolloutId, Offer: Offers.OfferSpec.Parse(c.Offer));

    /// <summary>The workflow table's actions for the caller's role, minus approving or rejecting their own submission.</summary>
    public static IReadOnlyList<string> AvailableActionsFor(string status, Guid? submittedBy, CurrentUser me) =>
        Workflow.AvailableActions(status, me.Role).Where(a => !(IsReview(a) && submittedBy == me.Id)).ToList();

    public static bool IsReview(string action) => action is "approve" or "reject";
}

/// <summary>A problem of one item of a bulk call.</summary>
public sealed record ItemError(int Status, string Detail);
