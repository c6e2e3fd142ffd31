using System.Text.Json;
using StoreSync.Data.Campaigns;
using StoreSync.Data.Templates;
using StoreSync.Functions.Common.Validation;
using StoreSync.Functions.Templates;

namespace StoreSync.Functions.Campaigns;

/// <summary>
/// Customizations checked against a template once, then rendered for any number of locations (each with its own
/// built-in variables). Content is rendered at save and stored; later template edits do not change saved campaigns.
/// </summary>
public sealed class CampaignContent
{
    private readonly CompiledTemplate _template;
    private readonly IReadOnlyDictionary<string, string> _values;

    public string CustomizationsJson { get; }

    private CampaignContent(CompiledTemplate template, IReadOnlyDictionary<string, string> values, string customizationsJson)
    {
        _template = template;
        _values = values;
        CustomizationsJson = customizationsJson;
    }

    /// <summary>Null (with field errors in <paramref name="v"/>) when the customizations do not fit the template.</summary>
    public static CampaignContent? Prepare(Validator v, TemplateEngine engine, TemplateRow template, IReadOnlyDictionary<string, JsonElement>? customizations)
    {
        var (stored, values) = TemplateVariables.Resolve(v, TemplateVariables.Parse(template.Variables), customizations);
        CompiledTemplate compiled;
        try
        {
            compiled = engine.Compile(template.Content);
        }
        catch (TemplateSyntaxException e)
        {
            v.Add("templateId", $"The template's content is not valid: {e.Detail}");
            return null;
        }
        return v.IsValid ? new CampaignContent(compiled, values, JsonSerializer.Serialize(stored)) : null;
    }

    /// <summary>The campaign's effective offer as <c>{{offer.*}}</c> values (all empty when it has none).</summary>
    public Dictionary<string, string> OfferValues { get; set; } = Offers.OfferVariables.For(null, Offers.Currency.Default);

    public string RenderFor(LocationRenderRow location)
    {
        var data = TemplateVariables.DataFor(location, _values);
        data["offer"] = OfferValues;
        return _template.Render(data);
    }

    public static string DefaultName(TemplateRow template, LocationRenderRow location)
    {
        var name = $"{template.Name} – {location.Name}";
        return name.Length <= 200 ? name : name[..200];
    }
}
