using StoreSync.Functions.Ai;

namespace StoreSync.Tests.Ai;

public sealed class LocalHashEmbedderTests
{
    private readonly LocalHashEmbedder _embedder = new();

    private static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    [Fact]
    public void SameTextGivesTheSameVectorEveryTime()
    {
        const string text = "Fall clearance: 30% off patio furniture at Springfield, this weekend only.";
        var first = _embedder.Embed(text);
        var second = new LocalHashEmbedder().Embed(text);
        Assert.Equal(first, second);
    }

    [Fact]
    public void VectorsAreL2NormalisedAndHaveTheStoredDimension()
    {
        foreach (var text in new[] { "a", "Big Spring Sale!", string.Join(' ', Enumerable.Repeat("coffee beans espresso", 400)), "" , "!!!"})
        {
            var v = _embedder.Embed(text);
            Assert.Equal(LocalHashEmbedder.DefaultDimensions, v.Length);
            Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 5);
        }
    }

    [Fact]
    public void SimilarWordingIsCloserThanUnrelatedText()
    {
        var summer = _embedder.Embed("Summer sale: 20% off all garden furniture and outdoor grills at our Chicago store");
        var summerAgain = _embedder.Embed("Summer sale: 25% off garden furniture and grills at our Springfield store");
        var coffee = _embedder.Embed("Free espresso tasting every Saturday morning, bring a friend");
        Assert.True(Cosine(summer, summerAgain) > 0.5, $"similar: {Cosine(summer, summerAgain)}");
        Assert.True(Cosine(summer, coffee) < 0.2, $"unrelated: {Cosine(summer, coffee)}");
    }

    [Fact]
    public void CaseAndPunctuationDoNotChangeTheVector()
    {
        Assert.Equal(_embedder.Embed("Back to School: SAVE now!"), _embedder.Embed("back to school save now"));
    }

    [Fact]
    public void ModelNameIsRecordedAsLocalHashV1()
    {
        Assert.Equal("local-hash-v1", _embedder.Model);
    }
}
