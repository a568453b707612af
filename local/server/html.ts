import escapeHtml from 'escape-html';

/**
 * The shell of the local server's own pages (dev helpers, errors). Styles come from a served
 * stylesheet, so the Content-Security-Policy can forbid inline code.
 */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · FHIR IQ local</title>
<link rel="stylesheet" href="/_local/local.css">
</head>
<body>
<header class="local-bar"><a href="/">FHIR IQ site</a> · <a href="/_local">Local dev helpers</a></header>
<main class="local-main">
${body}
</main>
</body>
</html>
`;
}

export const LOCAL_CSS = `
:root { font-family: system-ui, sans-serif; color: #1b2733; background: #f6f8fa; }
body { margin: 0; }
.local-bar { background: #0b3d5c; color: #fff; padding: .6rem 1.2rem; }
.local-bar a { color: #fff; }
.local-main { max-width: 72rem; margin: 1.5rem auto; padding: 0 1.2rem; }
h1 { font-size: 1.6rem; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: .85rem; }
th, td { border: 1px solid #d0d7de; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef2f6; }
td { max-width: 24rem; overflow-wrap: anywhere; }
.muted { color: #57606a; }
.buttons { display: flex; gap: .8rem; flex-wrap: wrap; }
button { font: inherit; padding: .45rem 1rem; border-radius: .4rem; border: 1px solid #0b3d5c; background: #fff; cursor: pointer; }
button.current { background: #0b3d5c; color: #fff; }
.pager { display: flex; gap: 1rem; margin: 1rem 0; }
.notice { background: #e6f4ea; border: 1px solid #b7dfc1; padding: .5rem .8rem; border-radius: .4rem; }
.notice.error { background: #fdecea; border-color: #f5c2bd; }
`;

export { escapeHtml };
