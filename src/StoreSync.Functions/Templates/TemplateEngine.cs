using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using HandlebarsDotNet;

namespace StoreSync.Functions.Templates;

/// <summary>A template that failed to parse: message and 1-based position of the offending tag.</summary>
public sealed class TemplateSyntaxException(string message, int line, int column) : Exception(message)
{
    public int Line { get; } = line;
    public int Column { get; } = column;
    public string Detail => $"Line {Line}, column {Column}: {Message}";
}

/// <summary>A parsed, compiled template: the variables it uses and a render function over plain data.</summary>
public sealed class CompiledTemplate(IReadOnlyList<string> variables, HandlebarsTemplate<object, object> render)
{
    public IReadOnlyList<string> Variables { get; } = variables;

    /// <summary>Renders with HTML-escaping of every value (Handlebars' default, never turned off).</summary>
    public string Render(IReadOnlyDictionary<string, object> data) => render(data);
}

/// <summary>
/// Renders user-written templates without letting them reach anything but their data. Handlebars runs logic-less:
/// before compiling, <see cref="Scan"/> admits only <c>{{name}}</c>, <c>{{#if name}}…{{else}}…{{/if}}</c>,
/// <c>{{#unless name}}…{{/unless}}</c> and comments. Everything else is refused with its position: triple-stash and
/// <c>{{&amp;x}}</c> (raw HTML), partials (<c>{{&gt; x}}</c>; no partial is registered and no partial resolver, so nothing is read from disk), paths (<c>../x</c>, <c>a.b</c>,
/// <c>@root</c>, <c>this</c>), helpers (<c>lookup</c>, <c>each</c>, <c>with</c>, <c>log</c>) and arguments. No helper is registered,
/// and the data is a plain dictionary of strings.
/// </summary>
public sealed partial class TemplateEngine
{
    public const int MaxContentLength = 20_000;

    /// <summary>Names that Handlebars gives a meaning of its own; they cannot be variables.</summary>
    public static readonly HashSet<string> ReservedNames =
        new(StringComparer.OrdinalIgnoreCase) { "this", "else", "if", "unless", "each", "with", "lookup", "log", "true", "false", "null", "undefined" };

    private readonly IHandlebars _handlebars = Handlebars.Create(new HandlebarsConfiguration
    {
        ThrowOnUnresolvedBindingExpression = false,
        NoEscape = false, // values are HTML-escaped: campaign content ends up in HTML pages and e-mails
    });

    // Rollouts render one template for thousands of stores; compile each distinct content once.
    private readonly ConcurrentDictionary<string, CompiledTemplate> _cache = new();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    public static partial Regex IdentifierPattern();

    public static bool IsVariableName(string name) => name.Length <= 64 && IdentifierPattern().IsMatch(name) && !ReservedNames.Contains(name);

    /// <exception cref="TemplateSyntaxException">when the content is not an allowed template.</exception>
    public CompiledTemplate Compile(string content)
    {
        if (_cache.TryGetValue(content, out var cached)) return cached;
        var variables = Scan(content);
        HandlebarsTemplate<object, object> render;
        try
        {
            render = _handlebars.Compile(content);
        }
        catch (HandlebarsException e)
        {
            throw new TemplateSyntaxException(e.Message, 1, 1);
        }
        var compiled = new CompiledTemplate(variables, render);
        if (_cache.Count > 1000) _cache.Clear();
        _cache[content] = compiled;
        return compiled;
    }

    /// <summary>The variables used, in order of first use; throws at the first tag that is not allowed.</summary>
    public static IReadOnlyList<string> Scan(string content)
    {
        var used = new List<string>();
        var blocks = new Stack<(string Kind, int At)>();
        var i = 0;
        while ((i = content.IndexOf("{{", i, StringComparison.Ordinal)) >= 0)
        {
            var start = i;
            if (content.AsSpan(i).StartsWith("{{!--"))
            {
                var endComment = content.IndexOf("--}}", i + 5, StringComparison.Ordinal);
                if (endComment < 0) throw Error(content, start, "Unclosed comment '{{!--'.");
                i = endComment + 4;
                continue;
            }
            var end = content.IndexOf("}}", i + 2, StringComparison.Ordinal);
            if (end < 0) throw Error(content, start, "Unclosed '{{': every tag needs a closing '}}'.");
            var inner = content[(i + 2)..end];
            i = end + 2;
            if (inner.StartsWith('!')) continue;
            if (inner.StartsWith('{'))
                throw Error(content, start, "Triple-stash '{{{…}}}' would insert raw HTML and is not allowed; use '{{name}}' (values are HTML-escaped).");
            var tag = inner.Trim().Trim('~').Trim();
            if (tag.StartsWith('&')) throw Error(content, start, "'{{&…}}' would insert raw HTML and is not allowed; use '{{name}}'.");
            if (tag.StartsWith('>') || tag.StartsWith("#>")) throw Error(content, start, "Partials ('{{> name}}') are not allowed.");
            if (tag.StartsWith('#'))
            {
                var parts = tag[1..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 2 || parts[0] is not ("if" or "unless"))
                    throw Error(content, start, $"Unsupported block '{{{{{tag}}}}}': only '{{{{#if name}}}}' and '{{{{#unless name}}}}' are allowed.");
                RequireVariable(content, start, parts[1], used);
                blocks.Push((parts[0], start));
            }
            else if (tag.StartsWith('/'))
            {
                var kind = tag[1..].Trim();
                if (blocks.Count == 0) throw Error(content, start, $"'{{{{/{kind}}}}}' closes a block that was never opened.");
                var open = blocks.Pop();
                if (open.Kind != kind) throw Error(content, start, $"'{{{{/{kind}}}}}' does not match the open '{{{{#{open.Kind}}}}}'.");
            }
            else if (tag == "else")
            {
                if (blocks.Count == 0) throw Error(content, start, "'{{else}}' outside an '{{#if}}' or '{{#unless}}' block.");
            }
            else
            {
                RequireVariable(content, start, tag, used);
            }
        }
        if (blocks.Count > 0)
        {
            var open = blocks.Pop();
            throw Error(content, open.At, $"'{{{{#{open.Kind}}}}}' is never closed with '{{{{/{open.Kind}}}}}'.");
        }
        return used;
    }

    private static void RequireVariable(string content, int at, string name, List<string> used)
    {
        if (!IsVariableName(name) && !Offers.OfferVariables.IsOfferVariable(name))
            throw Error(content, at, $"'{{{{{name}}}}}' is not a variable: use '{{{{name}}}}' with a plain name (letters, digits, '_'); " +
                                     "paths, '@' data, 'this', helpers and arguments are not allowed.");
        if (!used.Contains(name)) used.Add(name);
    }

    private static TemplateSyntaxException Error(string content, int index, string message)
    {
        var line = 1;
        var lineStart = 0;
        for (var k = 0; k < index; k++)
        {
            if (content[k] != '\n') continue;
            line++;
            lineStart = k + 1;
        }
        return new TemplateSyntaxException(message, line, index - lineStart + 1);
    }
}
