/**
 * Parsing saved HTML into a DOM for the command line. happy-dom is already the unit tests' DOM, so
 * the command and the tests see pages alike; scripts, styles and subresources are never loaded.
 */
import { Window } from 'happy-dom';

/** Parse `html` as a document at `url`, hand it to `use`, then release the window. */
export async function withDocument<T>(html: string, url: URL, use: (doc: Document) => T): Promise<T> {
  const window = new Window({
    url: url.href,
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      disableComputedStyleRendering: true,
      navigation: { disableMainFrameNavigation: true, disableChildFrameNavigation: true, disableChildPageNavigation: true },
    },
  });
  try {
    const doc = new window.DOMParser().parseFromString(html, 'text/html');
    return use(doc as unknown as Document);
  } finally {
    await window.happyDOM.close();
  }
}
