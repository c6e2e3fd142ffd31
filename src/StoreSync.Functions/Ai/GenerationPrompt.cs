using System.Text;
using System.Text.Json;
using StoreSync.Data.Ai;

namespace StoreSync.Functions.Ai;

public sealed record GeneratedCopy(string Content, string EmailSubject, string PreviewText);

/// <summary>The prompt for drafting one campaign, and the defensive reading of the model's JSON answer.</summary>
public static class GenerationPrompt
{
    /// <summary>Stored with every generation; bump when the prompt's wording or structure changes.</summary>
    public const string Version = "campaign-draft-v1";

    public const string System = """
        You write retail marketing copy for one store location of a brand. Follow the brand voice and guidelines exactly,
        use the location's facts where they help, keep every offer, price, date and legal line of the template unchanged,
        and never invent offers. Past campaigns of the brand are given as style examples only: do not copy their offers.
        Answer with one JSON object: {"content": "<the campaign copy>", "emailSubject": "<at most 80 characters>",
        "previewText": "<at most 140 characters>"}.
        """;

    public static string User(GenerationSource c, string? instructions, IReadOnlyList<ExampleContent> examples, int exampleTokenBudget)
    {
        var sb = new StringBuilder();
        sb.Append("## Brand\n").Append(c.BrandName).Append('\n');
        if (!string.IsNullOrWhiteSpace(c.BrandVoice)) sb.Append("Voice: ").Append(c.BrandVoice.Trim()).Append('\n');
        if (!string.IsNullOrWhiteSpace(c.BrandGuidelines)) sb.Append("Guidelines: ").Append(c.BrandGuidelines.Trim()).Append('\n');

        sb.Append("\n## Location\n").Append(c.LocationName).Append(" (store ").Append(c.StoreNumber).Append(")\n");
        var place = string.Join(", ", new[] { c.City, c.State, c.Country }.Where(s => !string.IsNullOrWhiteSpace(s)));
        if (place.Length > 0) sb.Append("Place: ").Append(place).Append('\n');
        if (c.LocationAttributes is { Length: > 2 }) sb.Append("Attributes: ").Append(c.LocationAttributes).Append('\n');

        sb.Append("\n## Campaign\n").Append(c.Name).Append('\n');
        if (!string.IsNullOrWhiteSpace(c.CampaignType)) sb.Append("Type: ").Append(c.CampaignType).Append('\n');
        if (c.Customizations is { Length: > 2 }) sb.Append("Customizations: ").Append(c.Customizations).Append('\n');
        sb.Append("\n## Rendered template\n").Append(c.RenderedContent.Trim()).Append('\n');

        if (examples.Count > 0)
        {
            // Approximate tokens as characters / 4; each example gets an equal share of the budget.
            var maxChars = exampleTokenBudget * 4 / examples.Count;
            sb.Append("\n## Similar past campaigns of this brand (style examples)\n");
            for (var i = 0; i < examples.Count; i++)
                sb.Append("### Example ").Append(i + 1).Append(": ").Append(examples[i].Name).Append('\n')
                  .Append(Trim(examples[i].Content.Trim(), maxChars)).Append('\n');
        }
        if (!string.IsNullOrWhiteSpace(instructions))
            sb.Append("\n## Instructions from the author\n").Append(instructions.Trim()).Append('\n');
        return sb.ToString();
    }

    public static string Trim(string s, int maxChars) => s.Length <= maxChars ? s : s[..Math.Max(0, maxChars - 1)].TrimEnd() + "…";

    /// <summary>Reads {content, emailSubject, previewText} from the answer (tolerating code fences or prose around it); null if unusable.</summary>
    public static GeneratedCopy? Parse(string answer, string campaignName)
    {
        var start = answer.IndexOf('{');
        var end = answer.LastIndexOf('}');
        if (start < 0 || end <= start) return null;
        try
        {
            using var doc = JsonDocument.Parse(answer.AsMemory(start, end - start + 1));
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            var content = Text(doc.RootElement, "content");
            if (string.IsNullOrWhiteSpace(content)) return null;
            return new GeneratedCopy(content.Trim(),
                Trim(Text(doc.RootElement, "emailSubject") is { Length: > 0 } s ? s.Trim() : campaignName, 200),
                Trim(Text(doc.RootElement, "previewText") is { Length: > 0 } p ? p.Trim() : PreviewOf(content), 300));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The copy used when no model answered: the rendered template as it is.</summary>
    public static GeneratedCopy Fallback(GenerationSource c) => new(c.RenderedContent, Trim(c.Name, 200), PreviewOf(c.RenderedContent));

    private static string PreviewOf(string content) => Trim(string.Join(' ', content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), 140);

    private static string? Text(JsonElement o, string name)
    {
        foreach (var p in o.EnumerateObject())
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                return p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null;
        return null;
    }
}
