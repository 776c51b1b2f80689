/**
 * The design document a team database gets from `doneness couch-setup`: a `validate_doc_update`
 * function the server runs on every write, so a buggy or hostile client cannot store documents
 * of another shape or in another user's name. Clients check everything they read anyway
 * (storage/sync/doc.ts); this guard keeps the shared database clean for everyone.
 *
 * The function is ES5 JavaScript kept as a string: CouchDB runs it in its own JavaScript engine
 * (SpiderMonkey or QuickJS), PouchDB Server in Node. Its checks mirror storage/schema.ts.
 */
import { ANNOTATION_DOC_TYPE, LIMITS, SITE_IDS } from '../schema';
import { DOC_PREFIX } from './doc';

/** Id of the design document. */
export const DESIGN_DOC_ID = '_design/doneness';
/** Bumped whenever the function changes, so `couch-setup` can tell an old one. */
export const DESIGN_VERSION = 1;

const VALIDATE = `function (newDoc, oldDoc, userCtx, secObj) {
  var PREFIX = ${JSON.stringify(DOC_PREFIX)};
  var SITES = ${JSON.stringify(SITE_IDS)};
  var isAdmin = userCtx.roles.indexOf('_admin') !== -1;
  function fail(message) { throw({ forbidden: message }); }
  // Deleting a revision is how clients clean up merged conflicts; the database's members may.
  if (newDoc._deleted === true) return;
  if (newDoc._id.indexOf('_design/') === 0) {
    if (!isAdmin) fail('only database admins may change design documents');
    return;
  }
  if (newDoc._id.indexOf(PREFIX) !== 0) {
    if (isAdmin) return;
    fail('only Doneness annotation documents may be stored here');
  }
  function str(v, max) { return typeof v === 'string' && v.length <= max; }
  function int(v, min, max) { return typeof v === 'number' && v % 1 === 0 && v >= min && v <= max; }
  function millis(v) { return int(v, 0, 9007199254740991); }
  function maturity(v) { return v === null || int(v, 0, 100); }
  function stamp(v) { return typeof v === 'string' && /^$|^[0-9a-z]{9}\\.[0-9a-z]{4}\\.[A-Za-z0-9_-]{1,40}$/.test(v); }
  function isArray(v) { return Object.prototype.toString.call(v) === '[object Array]'; }
  function isObject(v) { return v !== null && typeof v === 'object' && !isArray(v); }
  function need(ok, field) { if (!ok) fail('invalid field: ' + field); }
  var i, k;
  need(newDoc.type === ${JSON.stringify(ANNOTATION_DOC_TYPE)}, 'type');
  need(newDoc.threadKey === newDoc._id.slice(PREFIX.length), 'threadKey (must match the document id)');
  need(str(newDoc.threadKey, ${LIMITS.key}) && SITES.indexOf(newDoc.threadKey.split(':')[0]) !== -1, 'threadKey');
  need(SITES.indexOf(newDoc.site) !== -1, 'site');
  need(str(newDoc.title, ${LIMITS.title}), 'title');
  need(str(newDoc.url, ${LIMITS.url}), 'url');
  need(maturity(newDoc.maturity), 'maturity');
  need(str(newDoc.answer, ${LIMITS.longText}), 'answer');
  need(str(newDoc.note, ${LIMITS.longText}), 'note');
  need(isArray(newDoc.tags) && newDoc.tags.length <= ${LIMITS.tags}, 'tags');
  for (i = 0; i < newDoc.tags.length; i++) need(str(newDoc.tags[i], ${LIMITS.tag}) && newDoc.tags[i].length > 0, 'tags.' + i);
  need(newDoc.reviewOn === null || (typeof newDoc.reviewOn === 'string' && /^\\d{4}-\\d{2}-\\d{2}$/.test(newDoc.reviewOn)), 'reviewOn');
  need(isArray(newDoc.history) && newDoc.history.length <= ${LIMITS.history}, 'history');
  for (i = 0; i < newDoc.history.length; i++) {
    var h = newDoc.history[i];
    need(isObject(h) && millis(h.at) && maturity(h.from) && maturity(h.to) && str(h.by, 100), 'history.' + i);
  }
  need(newDoc.assessedActivity === null || str(newDoc.assessedActivity, 40), 'assessedActivity');
  need(millis(newDoc.createdAt), 'createdAt');
  need(millis(newDoc.updatedAt), 'updatedAt');
  need(isArray(newDoc.issues) && newDoc.issues.length <= ${LIMITS.issues}, 'issues');
  var ids = {};
  for (i = 0; i < newDoc.issues.length; i++) {
    var issue = newDoc.issues[i];
    need(isObject(issue) && str(issue.id, 64) && issue.id.length > 0 && !ids.hasOwnProperty(issue.id), 'issues.' + i + '.id');
    ids[issue.id] = true;
    need(str(issue.text, ${LIMITS.issueText}) && issue.text.length > 0, 'issues.' + i + '.text');
    need(issue.status === 'open' || issue.status === 'resolved', 'issues.' + i + '.status');
    need(millis(issue.createdAt) && (issue.resolvedAt === null || millis(issue.resolvedAt)), 'issues.' + i + '.createdAt');
    need(str(issue.resolution, ${LIMITS.issueText}), 'issues.' + i + '.resolution');
    need(typeof issue.position === 'number' && isFinite(issue.position), 'issues.' + i + '.position');
    need(typeof issue.deleted === 'boolean', 'issues.' + i + '.deleted');
    need(isObject(issue.stamps) && stamp(issue.stamps.text) && stamp(issue.stamps.status) && stamp(issue.stamps.position) && stamp(issue.stamps.deleted), 'issues.' + i + '.stamps');
  }
  need(isObject(newDoc.ratings), 'ratings');
  for (k in newDoc.ratings) {
    if (!newDoc.ratings.hasOwnProperty(k)) continue;
    var r = newDoc.ratings[k];
    need(/^[A-Za-z0-9_-]{1,40}$/.test(k) && isObject(r) && maturity(r.maturity) && str(r.name, 100) && stamp(r.stamp), 'ratings.' + k);
  }
  need(typeof newDoc.deleted === 'boolean', 'deleted');
  var s = newDoc.stamps;
  need(isObject(s) && stamp(s.maturity) && stamp(s.answer) && stamp(s.note) && stamp(s.tags) && stamp(s.reviewOn) && stamp(s.title) && stamp(s.deleted), 'stamps');
  // The author is whoever is signed in: nobody writes in a teammate's name.
  if (!isAdmin && newDoc.author !== userCtx.name) {
    fail('author must be the signed-in user (' + userCtx.name + ')');
  }
}`;

/** The design document as stored (without `_rev`). */
export function designDocument(): { _id: string; language: 'javascript'; validate_doc_update: string; doneness: { version: number } } {
  return { _id: DESIGN_DOC_ID, language: 'javascript', validate_doc_update: VALIDATE, doneness: { version: DESIGN_VERSION } };
}
