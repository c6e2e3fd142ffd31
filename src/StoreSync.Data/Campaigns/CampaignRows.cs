using System.Text.Json;
using StoreSync.Data.Db;

namespace StoreSync.Data.Campaigns;

/// <summary>
/// A campaign with what its responses show of its location, template and author. Rows are classes with
/// settable properties: Dapper applies the DateTimeOffset type handler to properties, not to record constructors.
/// </summary>
public sealed class CampaignView
{
    public Guid Id { get; init; }
    public Guid BrandId { get; init; }
    public Guid LocationId { get; init; }
    public string LocationName { get; init; } = "";
    public string StoreNumber { get; init; } = "";
    public string TimeZone { get; init; } = "";
    public Guid TemplateId { get; init; }
    public string TemplateName { get; init; } = "";
    public string Name { get; init; } = "";
    public Dictionary<string, JsonElement> Customizations { get; init; } = new();
    public string RenderedContent { get; init; } = "";
    public string? GeneratedContent { get; init; }
    public string Status { get; init; } = "";
    public DateTimeOffset? ScheduledStart { get; init; }
    public DateTimeOffset? ScheduledEnd { get; init; }
    public Guid? CreatedBy { get; init; }
    public string? CreatedByName { get; init; }
    public Guid? SubmittedBy { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public int Version { get; init; }
    /// <summary>The effective offer (template defaults overlaid by the campaign's values), contract shape JSON, or null.</summary>
    public string? Offer { get; init; }
    public Guid? RolloutId { get; init; }
}

/// <summary>What a template is rendered with for one location: the built-in variables' sources.</summary>
public sealed class LocationRenderRow
{
    public Guid Id { get; init; }
    public Guid BrandId { get; init; }
    public string BrandName { get; init; } = "";
    public string Name { get; init; } = "";
    public string StoreNumber { get; init; } = "";
    public string? Street { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? PostalCode { get; init; }
    public string? Country { get; init; }
    public string TimeZone { get; init; } = "";
    public string Attributes { get; init; } = "{}";
    public bool IsActive { get; init; }
}

/// <summary>`locationFilter` of a bulk rollout; every field optional. Attributes match by JSON containment.</summary>
public sealed record LocationFilter(bool? IsActive, string? Q, string? City, string? State, string? TimeZone, string? AttributesJson);

/// <summary>One campaign to insert (the bulk path inserts many in one statement).</summary>
public sealed record NewCampaign(Guid Id, Guid LocationId, string Name, string RenderedContent, DateTimeOffset? ScheduledStart, DateTimeOffset? ScheduledEnd);

public sealed record CampaignListQuery(CampaignScope Scope, string? Status, Guid? BrandId, Guid? LocationId, Guid? TemplateId, string? Q,
    DateTimeOffset? StartsFrom, DateTimeOffset? StartsTo, string Sort, int Offset, int Limit);

public sealed class CampaignHistoryRow
{
    public string? FromStatus { get; init; }
    public string ToStatus { get; init; } = "";
    public string Action { get; init; } = "";
    public Guid? Actor { get; init; }
    public string? ActorName { get; init; }
    public string? Comment { get; init; }
    public DateTimeOffset At { get; init; }
}

/// <summary>Status and ownership of a campaign, for deciding an action per item (bulk).</summary>
public sealed record CampaignStateRow(Guid Id, Guid BrandId, string Status, Guid? SubmittedBy, int Version);
