/**
 * The public URL of a Chatwoot help-center article, built the way Chatwoot builds it
 * (`PortalHelper#generate_article_link`, `portalHelper.js buildPortalArticleURL`, the sitemap view):
 *
 *   {base}/hc/{portal slug}/articles/{article slug}
 *
 * There is no locale segment and the article is addressed by its slug, not its id. `base` is
 * `https://{portal.custom_domain}` when the portal has a custom domain, else Chatwoot's HELPCENTER_URL, else
 * its FRONTEND_URL. The sidecar cannot read those two through the API, so HELP_CENTER_BASE_URL stands in for
 * them and CHATWOOT_BASE_URL is the last fallback. Pure.
 */
export function helpCenterBase(input: { customDomain: string | null | undefined; helpCenterBaseUrl?: string; chatwootBaseUrl: string }): string {
  const domain = input.customDomain?.trim();
  if (domain) return `https://${domain.replace(/^https?:\/\//i, '').replace(/\/+$/, '')}`;
  return (input.helpCenterBaseUrl ?? input.chatwootBaseUrl).replace(/\/+$/, '');
}

export function articleUrl(base: string, portalSlug: string, articleSlug: string): string {
  return `${base}/hc/${encodeURIComponent(portalSlug)}/articles/${encodeURIComponent(articleSlug)}`;
}
