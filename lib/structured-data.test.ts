import { describe, expect, it } from "vitest";
import type { Article } from "@/lib/article/model";
import { site } from "@/lib/site";
import { jsonLdText, newsArticle, siteGraph } from "./structured-data";

const base = new URL("https://news.example");
const MEDIA_ID = "0123456789abcdef0123456789abcdef";
const article: Article = {
  id: "a1",
  slug: "2024-12-08-abc123",
  title: "مقال تجريبي </script><script>alert(1)</script>",
  summary: "ملخص تجريبي",
  section: "سياسة",
  authors: ["سعاد الأحمد", "كاتب تجريبي"],
  blocks: [
    { type: "image", src: `/media/${MEDIA_ID}`, alt: "صورة مولّدة", width: 4000, height: 3000 },
    { type: "paragraph", children: [{ type: "text", value: "نص تجريبي" }] },
  ],
  publishedAt: "2024-12-08T06:30:00.000Z",
  updatedAt: "2024-12-09T10:05:00.000Z",
  revision: 2,
};

describe("NewsArticle", () => {
  it("describes the article with its people, the widest JPEG of its picture, the publisher's logo and its page", () => {
    const data = newsArticle(article, base);
    expect(data).toEqual({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: article.title,
      description: "ملخص تجريبي",
      image: [
        {
          "@type": "ImageObject",
          url: `https://news.example/media/${MEDIA_ID}/1600.jpg`,
          width: "1600",
          height: "1200",
          encodingFormat: "image/jpeg",
          caption: "صورة مولّدة",
        },
      ],
      datePublished: "2024-12-08T06:30:00.000Z",
      dateModified: "2024-12-09T10:05:00.000Z",
      author: [
        { "@type": "Person", name: "سعاد الأحمد", url: `https://news.example/authors/${encodeURIComponent("سعاد-الأحمد")}` },
        { "@type": "Person", name: "كاتب تجريبي", url: `https://news.example/authors/${encodeURIComponent("كاتب-تجريبي")}` },
      ],
      publisher: {
        "@type": "NewsMediaOrganization",
        "@id": "https://news.example/#organization",
        name: site.name,
        url: "https://news.example/",
        logo: { "@type": "ImageObject", url: "https://news.example/icons/icon-512.png", width: "512", height: "512" },
      },
      inLanguage: "ar",
      articleSection: "سياسة",
      mainEntityOfPage: { "@type": "WebPage", "@id": "https://news.example/articles/2024-12-08-abc123" },
      url: "https://news.example/articles/2024-12-08-abc123",
    });
  });

  it("credits the newspaper when no byline names anyone, and has no image without a picture", () => {
    const data = newsArticle({ ...article, authors: undefined, blocks: [article.blocks[1]!] }, base);
    expect(data.author).toEqual([{ "@type": "NewsMediaOrganization", "@id": "https://news.example/#organization", name: site.name, url: "https://news.example/" }]);
    expect(data).not.toHaveProperty("image");
  });

  it("takes a narrower upload's own width", () => {
    const narrow = { ...article, blocks: [{ type: "image" as const, src: `/media/${MEDIA_ID}`, alt: "", width: 1300, height: 650 }] };
    expect(newsArticle(narrow, base).image).toEqual([
      { "@type": "ImageObject", url: `https://news.example/media/${MEDIA_ID}/1300.jpg`, width: "1300", height: "650", encodingFormat: "image/jpeg" },
    ]);
  });
});

describe("the home page's graph", () => {
  it("holds the site and the newspaper, the one publishing the other", () => {
    const graph = siteGraph(base);
    expect(graph["@graph"].map((n) => (n as { "@type": string })["@type"])).toEqual(["NewsMediaOrganization", "WebSite"]);
    expect(graph["@graph"][1]).toMatchObject({ url: "https://news.example/", inLanguage: "ar", publisher: { "@id": "https://news.example/#organization" } });
  });
});

describe("jsonLdText", () => {
  it("cannot close its script or open a comment, and parses back to the same data", () => {
    const data = newsArticle({ ...article, title: "</script><!-- & \u2028" }, base);
    const text = jsonLdText(data);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(data)));
  });
});
