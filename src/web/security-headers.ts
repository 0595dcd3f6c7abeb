// No inline scripts or styles anywhere, so the policy can stay strict.
const contentSecurityPolicy = (frameAncestors: string) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');

export const securityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': contentSecurityPolicy("'none'"),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  // Nothing on the site needs these; a script that got in still cannot ask for them.
  'permissions-policy':
    'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), midi=(), display-capture=(), browsing-topics=()',
  'cross-origin-opener-policy': 'same-origin',
};

/** Sent on https responses only (browsers ignore it over http). A year; no includeSubDomains, which is the operator's choice. */
export const strictTransportSecurity: Readonly<Record<string, string>> = {
  'strict-transport-security': 'max-age=31536000',
};

/**
 * The one exception to "never framed": the article preview, which the editor
 * shows beside the form. Only our own pages may frame it; every other page keeps DENY.
 */
export const sameOriginFramingHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': contentSecurityPolicy("'self'"),
  'x-frame-options': 'SAMEORIGIN',
};
