// "About this avatar": the licences of Live2D's runtime and sample model, which the app serves but does not own.
export function AboutAvatar() {
  return (
    <details className="about-avatar">
      <summary>About this avatar</summary>
      <p>
        The default avatar is Shizuku, Live2D Inc.’s sample model, used under the{' '}
        <a href="https://www.live2d.com/eula/live2d-free-material-license-agreement_en.html" target="_blank" rel="noreferrer">
          Live2D Free Material License
        </a>
        . It is drawn by the Live2D Cubism SDK for WebGL 2.1 runtime, © Live2D Inc., proprietary software used under{' '}
        <a href="https://www.live2d.com/eula/live2d-proprietary-software-license-agreement_en.html" target="_blank" rel="noreferrer">
          Live2D’s Proprietary Software License
        </a>
        . Both are served from this app’s own server; nothing is fetched from Live2D.
      </p>
      <p>The renderer is pixi-live2d-display (MIT) on PixiJS (MIT).</p>
    </details>
  );
}
