// Saves a file that the server streamed to the browser.
export async function download(fileName, contentType, content) {
    const blob = new Blob([await content.arrayBuffer()], { type: contentType });
    const url = URL.createObjectURL(blob);
    const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
    document.body.appendChild(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
}
