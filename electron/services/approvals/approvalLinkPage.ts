/**
 * The single-use approval link, served by the webhook listener at /approvals/<token>. A GET only
 * shows the question with Approve / Reject buttons — mail clients and link scanners fetch links
 * ahead of people, so a GET never decides. The form POSTs to the same address: the token in the
 * path is what authorises it (a forged form cannot know it), and it works once. Pages are plain
 * HTML with every value escaped, no scripts, no secrets, and say nothing of why a token failed
 * beyond "already decided", "not waiting any more" (its run stopped with nobody deciding) or
 * "expired" (an unknown token reads as not found).
 */
import type http from 'node:http';
import { describeError } from '../../../shared/api/appError';
import { storageFaultOf } from '../db/storageFault';
import type { ApprovalService } from './approvalService';
import { countText } from '../../../shared/domain/countText';

/** The path the links live under. */
export const approvalLinkPrefix = '/approvals/';
/** The longest comment the page's form takes (the text area's maxlength; the API's limit too). */
const maxCommentLength = 2_000;
/**
 * A decision form is the comment and the decision: each character of the comment is at most
 * nine bytes once sent (a three-byte UTF-8 character as %XX%XX%XX); anything longer is not ours.
 */
const maxFormBytes = maxCommentLength * 9 + 1_024;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (character) => `&#${String(character.charCodeAt(0))};`);

function page(
  response: http.ServerResponse,
  status: number,
  title: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem">
<h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    ...headers,
  });
  response.end(html);
}

const endPages: Readonly<
  Record<'decided' | 'stopped' | 'expired' | 'unknown' | 'elsewhere', readonly [number, string, string]>
> = {
  decided: [409, 'Already decided', '<p>This approval was already decided; the link works only once.</p>'],
  stopped: [
    409,
    'Not waiting any more',
    '<p>This run stopped waiting before anyone decided (it was cancelled, or ended another way); there is nothing left to decide.</p>',
  ],
  elsewhere: [
    409,
    'Not waiting now',
    '<p>The process this run waited in has stopped. It waits again once the app or <code>runbook-designer serve</code> next starts on its data folder; open the link then.</p>',
  ],
  expired: [410, 'Expired', '<p>This approval timed out; it can no longer be decided.</p>'],
  unknown: [404, 'Not found', '<p>This link is not valid.</p>'],
};

/**
 * The page for a link whose handling threw (the disk, a bug): what to do, the details in the log
 * only. The listener faces the outside; one request must never end the process.
 */
function failedPage(response: http.ServerResponse, error: unknown, log: (line: string) => void): void {
  log(`approval link failed: ${describeError(error)}`);
  if (response.headersSent) {
    response.destroy();
    return;
  }
  if (storageFaultOf(error) !== undefined)
    page(
      response,
      503,
      'Try again shortly',
      '<p>The app cannot reach its records right now; open this link again in a minute.</p>',
      { 'retry-after': '30' },
    );
  else
    page(response, 500, 'Something went wrong', '<p>The app could not open this link; its log says why.</p>');
}

/** The token in a link's path; undefined when the path is not valid percent-encoding (no token's is). */
function tokenOf(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

function confirmPage(response: http.ServerResponse, service: ApprovalService, token: string): void {
  const found = service.lookUpToken(token);
  if (found.kind !== 'pending') {
    page(response, ...endPages[found.kind]);
    return;
  }
  const { approval } = found;
  const paragraph = (label: string, text: string) =>
    text === '' ? '' : `<p><strong>${label}</strong> ${escapeHtml(text)}</p>`;
  page(
    response,
    200,
    `Approve "${approval.stepName}"?`,
    `<p style="white-space:pre-wrap">${escapeHtml(approval.message)}</p>
${paragraph('Who decides:', approval.approvers)}${paragraph('Instructions:', approval.instructions)}
<p>Decide before ${escapeHtml(approval.deadline)}.</p>
<form method="post"><p><label>Comment (optional)<br><textarea name="comment" rows="3" cols="50" maxlength="${String(maxCommentLength)}"></textarea></label></p>
<p><button type="submit" name="decision" value="approved">Approve</button>
<button type="submit" name="decision" value="rejected">Reject</button></p></form>`,
  );
}

function decide(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  service: ApprovalService,
  token: string,
  log: (line: string) => void,
) {
  const chunks: Buffer[] = [];
  let size = 0;
  let isTooLong = false;
  request.on('data', (chunk: Buffer) => {
    if (isTooLong) return;
    size += chunk.length;
    if (size > maxFormBytes) {
      isTooLong = true;
      tooLongPage(request, response);
      return;
    }
    chunks.push(chunk);
  });
  request.on('end', () => {
    if (isTooLong) return;
    try {
      decideFrom(response, service, token, Buffer.concat(chunks));
    } catch (error) {
      failedPage(response, error, log);
    }
  });
}

/** The answer to a form longer than the page sends: said, then the connection closed. */
function tooLongPage(request: http.IncomingMessage, response: http.ServerResponse): void {
  const text = `<p>The comment is too long; go back, shorten it to at most ${countText(maxCommentLength)} characters and press the button again.</p>`;
  page(response, 413, 'Comment too long', text, { connection: 'close' });
  response.on('finish', () => request.destroy());
}

/** Decides by the form a POST sent. */
function decideFrom(response: http.ServerResponse, service: ApprovalService, token: string, body: Buffer) {
  const form = new URLSearchParams(body.toString('utf8'));
  const decision = form.get('decision');
  if (decision !== 'approved' && decision !== 'rejected') {
    page(response, 400, 'Choose Approve or Reject', '<p>Go back and press one of the two buttons.</p>');
    return;
  }
  const outcome = service.decideByToken(
    token,
    decision,
    (form.get('comment') ?? '').slice(0, maxCommentLength),
  );
  if (outcome === 'done')
    page(
      response,
      200,
      decision === 'approved' ? 'Approved' : 'Rejected',
      '<p>Thank you; the run goes on.</p>',
    );
  else page(response, ...endPages[outcome]);
}

/**
 * Answers a request to /approvals/<token>; false when the path is not an approval link's. Never
 * throws: a failure is answered with a page, and `log` gets its details.
 */
export function handleApprovalLink(
  service: ApprovalService,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  log: (line: string) => void,
): boolean {
  const path = (request.url ?? '').split('?')[0] ?? '';
  if (!path.startsWith(approvalLinkPrefix)) return false;
  try {
    const token = tokenOf(path.slice(approvalLinkPrefix.length));
    if (request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'POST')
      page(response, 405, 'Not allowed', '<p>Open the link in a browser.</p>');
    else if (token === undefined) page(response, ...endPages.unknown);
    else if (request.method === 'POST') decide(request, response, service, token, log);
    else confirmPage(response, service, token);
  } catch (error) {
    failedPage(response, error, log);
  }
  return true;
}
