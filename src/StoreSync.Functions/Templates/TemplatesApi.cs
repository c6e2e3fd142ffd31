using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using StoreSync.Data.Audit;
using StoreSync.Data.Campaigns;
using StoreSync.Data.Templates;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Http;
using StoreSync.Functions.Common.Idempotency;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Common.Validation;
using StoreSync.Data.Db;
using StoreSync.Functions.Offers;

namespace StoreSync.Functions.Templates;

public sealed record TemplateResponse(Guid Id, Guid BrandId, string Name, string? Description, string CampaignType, string Content,
    IReadOnlyList<TemplateVariable> Variables, bool IsActive, int Version, Guid? CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    OfferSpec? Offer = null)
{
    public static TemplateResponse From(TemplateRow t) => new(t.Id, t.BrandId, t.Name, t.Description, t.CampaignType, t.Content,
        TemplateVariables.Parse(t.Variables), t.IsActive, t.Version, t.CreatedBy, t.CreatedAt, t.UpdatedAt, OfferSpec.Parse(t.Offer));
}

/// <summary><c>offer</c>: the default offer campaigns of this template start from (validated in full).</summary>
public sealed record CreateTemplateRequest(Guid? BrandId, string? Name, string? Description, string? CampaignType, string? Content,
    List<TemplateVariable>? Variables, bool? IsActive, OfferSpec? Offer = null);

/// <summary><c>offer</c> replaces the default offer when given.</summary>
public sealed record UpdateTemplateRequest(string? Name, string? Description, string? CampaignType, string? Content,
    List<TemplateVariable>? Variables, bool? IsActive, OfferSpec? Offer = null);

/// <summary><c>offer</c> fills the <c>{{offer.*}}</c> variables.</summary>
public sealed record PreviewRequest(string? Content, List<TemplateVariable>? Variables, Dictionary<string, JsonElement>? SampleData,
    Guid? BrandId, Guid? LocationId, OfferSpec? Offer = null);

/// <summary><c>offerSummary</c>: the offer in one line ("20% off"), when one was given.</summary>
public sealed record PreviewResponse(string Rendered, IReadOnlyList<string> VariablesUsed, IReadOnlyList<string> Missing, string? OfferSummary = null);

/// <summary>Templates per brand: written by brand managers and admins, read by every member of the brand.</summary>
public static class TemplatesApi
{
    public static IServiceCollection AddTemplates(this IServiceCollection services)
    {
        services.TryAddSingleton<TemplateEngine>();
        services.AddSingleton<TemplateStore>();
        services.TryAddSingleton<Idempotency>();
        return services;
    }


    internal static async Task<IResult> List(HttpContext http, TemplateStore templates, Guid? brandId, string? campaignType, bool? isActive,
        string? q, string? sort, int? page, int? pageSize, CancellationToken ct)
    {
        sort ??= "name";
        if (!TemplateStore.Sorts.ContainsKey(sort)) return Problem.Validation("sort", $"sort must be one of: {string.Join(", ", TemplateStore.Sorts.Keys)}.");
        var p = PageRequest.From(page, pageSize);
        var (items, total) = await templates.ListAsync(
            new TemplateListQuery(http.CurrentUser().BrandScope, brandId, campaignType, isActive, q, sort, p.Offset, p.PageSize), ct);
        return Results.Ok(new Page<TemplateResponse>(items.Select(TemplateResponse.From).ToList(), p.Page, p.PageSize, total));
    }

    internal static async Task<IResult> Get(Guid id, HttpContext http, TemplateStore templates, CancellationToken ct)
    {
        if (await templates.FindAsync(id, http.CurrentUser().BrandScope, ct) is not { } t) return Problem.NotFound("template");
        ETags.Set(http, t.Version);
        return Results.Ok(TemplateResponse.From(t));
    }

    internal static async Task<IResult> Create(CreateTemplateRequest body, HttpContext http, Idempotency idempotency, TemplateEngine engine,
        TimeProvider time, CancellationToken ct)
    {
        var me = http.CurrentUser();
        var v = new Validator();
        if (body.BrandId is null) v.Add("brandId", "brandId is required.");
        var write = ValidateWrite(v, engine, body.Name, body.Description, body.CampaignType, body.Content, body.Variables, body.IsActive ?? true,
            out var syntaxDetail);
        if (!v.IsValid) return Problem.Validation(v.Errors, syntaxDetail);
        var brandId = body.BrandId!.Value;
        if (!me.CanSeeBrand(brandId)) return Problem.NotFound("brand");
        if (!me.CanManageBrand(brandId)) return Problem.Forbidden("Only brand managers and admins write templates.");
        return await idempotency.RunAsync(http, body, async (conn, tx) =>
        {
            if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM brands WHERE id = @brandId)",
                    new { brandId }, tx, cancellationToken: ct)))
                return CreateOutcome.Failed(Problem.NotFound("brand"));
            if (body.Offer is not null)
            {
                var currency = await CampaignOffers.CurrencyAsync(conn, tx, brandId, ct);
                var offer = OfferRules.Validate(v, "offer", body.Offer, currency, out var normalized);
                if (offer is null) return CreateOutcome.Failed(v.ToResult());
                write = write! with { Offer = normalized!.ToJson() };
            }
            var id = Guid.CreateVersion7();
            await TemplateStore.InsertAsync(conn, tx, id, brandId, write!, me.Id, time.GetUtcNow(), ct);
            await AuditLog.WriteAsync(conn, tx, me.Id, brandId, "create", "template", id, new { write!.Name }, ct);
            var created = await TemplateStore.FindAsync(conn, tx, id, me.BrandScope, ct);
            return CreateOutcome.Created($"/api/v1/templates/{id}", TemplateResponse.From(created!));
        }, ct);
    }

    internal static async Task<IResult> Update(Guid id, UpdateTemplateRequest body, HttpContext http, NpgsqlDataSource db, TemplateEngine engine,
        TimeProvider time, CancellationToken ct)
    {
        var me = http.CurrentUser();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await TemplateStore.FindAsync(conn, tx, id, me.BrandScope, ct) is not { } current) return Problem.NotFound("template");
        if (!me.CanManageBrand(current.BrandId)) return Problem.Forbidden("Only brand managers and admins write templates.");
        if (ETags.ExpectedVersion(http.Request) is { } expected && expected != current.Version) return Problem.PreconditionFailed();
        var v = new Validator();
        var write = ValidateWrite(v, engine, body.Name ?? current.Name, body.Description ?? current.Description,
            body.CampaignType ?? current.CampaignType, body.Content ?? current.Content,
            body.Variables ?? TemplateVariables.Parse(current.Variables).ToList(), body.IsActive ?? current.IsActive, out var syntaxDetail);
        if (!v.IsValid) return Problem.Validation(v.Errors, syntaxDetail);
        write = write! with { Offer = current.Offer };
        if (body.Offer is not null)
        {
            var currency = await CampaignOffers.CurrencyAsync(conn, tx, current.BrandId, ct);
            if (OfferRules.Validate(v, "offer", body.Offer, currency, out var normalized) is null) return v.ToResult();
            write = write with { Offer = normalized!.ToJson() };
        }
        if (!await TemplateStore.UpdateAsync(conn, tx, id, current.Version, write!, time.GetUtcNow(), ct))
            return Problem.Conflict("The template changed while you were saving it. Reload and try again.");
        await AuditLog.WriteAsync(conn, tx, me.Id, current.BrandId, "update", "template", id, body, ct);
        var updated = await TemplateStore.FindAsync(conn, tx, id, me.BrandScope, ct);
        await tx.CommitAsync(ct);
        ETags.Set(http, updated!.Version);
        return Results.Ok(TemplateResponse.From(updated));
    }

    internal static async Task<IResult> Delete(Guid id, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var me = http.CurrentUser();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await TemplateStore.FindAsync(conn, tx, id, me.BrandScope, ct) is not { } current) return Problem.NotFound("template");
        if (!me.CanManageBrand(current.BrandId)) return Problem.Forbidden("Only brand managers and admins delete templates.");
        switch (await TemplateStore.DeleteAsync(conn, tx, id, ct))
        {
            case TemplateDeleteOutcome.NotFound: return Problem.NotFound("template");
            case TemplateDeleteOutcome.InUse:
                return Problem.Conflict("Campaigns use this template, so it cannot be deleted. Deactivate it instead (PATCH isActive: false).");
        }
        await AuditLog.WriteAsync(conn, tx, me.Id, current.BrandId, "delete", "template", id, new { current.Name }, ct);
        await tx.CommitAsync(ct);
        return Results.NoContent();
    }

    internal static async Task<IResult> Preview(PreviewRequest body, HttpContext http, NpgsqlDataSource db, TemplateEngine engine, CancellationToken ct)
    {
        var me = http.CurrentUser();
        var v = new Validator().Required("content", body.Content, TemplateEngine.MaxContentLength);
        TemplateVariables.ValidateDeclarations(v, body.Variables);
        if (!v.IsValid) return v.ToResult();
        CompiledTemplate compiled;
        try
        {
            compiled = engine.Compile(body.Content!);
        }
        catch (TemplateSyntaxException e)
        {
            return Problem.Validation(new Dictionary<string, string[]> { ["content"] = [e.Detail] }, e.Detail);
        }
        LocationRenderRow? location = null;
        if (body.LocationId is { } locationId)
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            location = await CampaignStore.FindLocationAsync(conn, null, locationId, body.BrandId,
                me.CampaignScope, ct);
            if (location is null) return Problem.NotFound("location");
        }
        else if (body.BrandId is { } brandId && !me.CanSeeBrand(brandId)) return Problem.NotFound("brand");

        var values = SampleValues(v, body.Variables ?? [], body.SampleData);
        OfferSpec? offer = null;
        var currency = Currency.Default;
        if (body.Offer is not null)
        {
            if ((location?.BrandId ?? body.BrandId) is { } offerBrand)
            {
                await using var conn = await db.OpenConnectionAsync(ct);
                currency = await CampaignOffers.CurrencyAsync(conn, null, offerBrand, ct);
            }
            OfferRules.Validate(v, "offer", body.Offer, currency, out offer);
        }
        if (!v.IsValid) return v.ToResult();
        var data = TemplateVariables.DataFor(location, values);
        if (location is null && body.BrandId is { } b && await BrandNameAsync(db, b, ct) is { } brandName) data.TryAdd("brandName", brandName);
        data["offer"] = OfferVariables.For(offer, currency);
        return Results.Ok(new PreviewResponse(compiled.Render(data), compiled.Variables,
            compiled.Variables.Where(n => !data.ContainsKey(n) && !(OfferVariables.IsOfferVariable(n) && offer is not null)).ToList(),
            offer is null ? null : OfferVariables.Summary(offer, currency.Code)));
    }

    /// <summary>Preview is lenient: undeclared sample values (for built-ins or attributes) are accepted as text; declared ones are typed.</summary>
    private static Dictionary<string, string> SampleValues(Validator v, IReadOnlyList<TemplateVariable> declared, Dictionary<string, JsonElement>? sample)
    {
        var values = new Dictionary<string, string>();
        foreach (var d in declared)
            if (d.Name is not null && d.Default is { ValueKind: not JsonValueKind.Null } def && TemplateVariables.Normalize(d.Type!, def) is { Error: null } t)
                values[d.Name] = t.Text;
        foreach (var (name, value) in sample ?? [])
        {
            if (value.ValueKind is JsonValueKind.Null) continue;
            var declaration = declared.FirstOrDefault(d => d.Name == name);
            var typed = declaration is not null ? TemplateVariables.Normalize(declaration.Type ?? VariableTypes.Text, value)
                : TemplateVariables.Normalize(VariableTypes.Text,
                    value.ValueKind is JsonValueKind.String ? value : JsonSerializer.SerializeToElement(value.GetRawText()));
            if (typed.Error is not null) v.Add($"sampleData.{name}", typed.Error);
            else values[name] = typed.Text;
        }
        return values;
    }

    private static async Task<string?> BrandNameAsync(NpgsqlDataSource db, Guid brandId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT name FROM brands WHERE id = @brandId", new { brandId }, cancellationToken: ct));
    }

    /// <summary>Field rules shared by create and update; a syntax error's position goes into the problem's detail.</summary>
    private static TemplateWrite? ValidateWrite(Validator v, TemplateEngine engine, string? name, string? description, string? campaignType,
        string? content, List<TemplateVariable>? variables, bool isActive, out string? syntaxDetail)
    {
        syntaxDetail = null;
        v.Required("name", name).MaxLength("description", description, 2000).MaxLength("campaignType", campaignType, 50)
            .Required("content", content, TemplateEngine.MaxContentLength);
        if (campaignType is not null && (campaignType.Length == 0 || !TemplateEngine.IdentifierPattern().IsMatch(campaignType)))
            v.Add("campaignType", "campaignType is a plain identifier, e.g. promotion, event, seasonal.");
        TemplateVariables.ValidateDeclarations(v, variables);
        if (!string.IsNullOrWhiteSpace(content) && content.Length <= TemplateEngine.MaxContentLength)
        {
            try
            {
                engine.Compile(content);
            }
            catch (TemplateSyntaxException e)
            {
                syntaxDetail = e.Detail;
                v.Add("content", e.Detail);
            }
        }
        return v.IsValid
            ? new TemplateWrite(name!.Trim(), description?.Trim(), campaignType ?? "promotion", content!, TemplateVariables.ToJson(variables ?? []), isActive)
            : null;
    }
}
